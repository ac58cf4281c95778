using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// Where a workflow's effects land: a Kestrel server on 127.0.0.1 that counts every <c>POST /effects/RUN/STEP</c> it
/// receives, so a test can tell how often each run's effect really happened, whatever the workers' books say.
/// </summary>
internal sealed class EffectTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string Run, string Step), int> _counts = new();
    private readonly Lock _gate = new();
    private readonly List<(int Total, TaskCompletionSource Reached)> _waiters = [];
    private int _total;

    private EffectTarget(WebApplication app) => _app = app;

    /// <summary>The port the server listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Every effect received so far.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    public static async Task<EffectTarget> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var target = new EffectTarget(app);
        app.MapPost("/effects/{run}/{step}", (string run, string step) =>
        {
            target.Count(run, step);
            return Results.Json(new { received = true, run, step });
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        target.Port = new Uri(address).Port;
        return target;
    }

    /// <summary>How often <paramref name="step"/> of <paramref name="run"/> was received.</summary>
    public int CountOf(string run, string step) => _counts.GetValueOrDefault((run, step));

    /// <summary>Every (run, step) received, with its count.</summary>
    public IReadOnlyDictionary<(string Run, string Step), int> Counts => new Dictionary<(string Run, string Step), int>(_counts);

    /// <summary>Completes once at least <paramref name="total"/> effects were received.</summary>
    public Task WhenTotalAsync(int total, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_total >= total)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((total, reached));
            return reached.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private void Count(string run, string step)
    {
        _counts.AddOrUpdate((run, step), 1, (_, n) => n + 1);
        lock (_gate)
        {
            _total++;
            foreach (var waiter in _waiters.Where(w => w.Total <= _total).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }
}
