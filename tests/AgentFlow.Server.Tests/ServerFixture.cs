using System.Net.Http.Headers;
using System.Net.Http.Json;
using AgentFlow.Engine.Approvals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentFlow.Server.Tests;

/// <summary>
/// One real server per test class: Kestrel on 127.0.0.1 with a free port, a scratch data dir, an audit key outside it,
/// and a workflows folder holding a copy of workflows/refund-approval.json (with its order data) and a one-step workflow.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private const string Greet = """
        { "name": "greet", "inputs": { "name": { "type": "string" } }, "start": "hello",
          "nodes": { "hello": { "kind": "set", "values": { "text": "hi {{ inputs.name }}" }, "next": "done" },
                     "done": { "kind": "end" } },
          "output": { "text": "{{ hello.text }}" } }
        """;

    private WebApplication? _app;

    /// <summary>The scratch folder.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("agentflow-server-").FullName;

    /// <summary>The data dir.</summary>
    public string DataDir => Path.Combine(Root, "data");

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Tokens of the operators: admin (root), viewer (vera), finance (bob), user:alice (alice, role ops), and dave (role ops, not an approver).</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Overrides for the options, for a fixture of a test that needs other settings.</summary>
    public Action<ServerOptions>? Configure { get; init; }

    /// <summary>More workflows for the folder (file name without .json -> JSON text).</summary>
    public IReadOnlyDictionary<string, string> Workflows { get; init; } = new Dictionary<string, string>();

    /// <summary>More settings (configuration keys with ':').</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Changes to the server's services before it is built.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    public async Task InitializeAsync()
    {
        var workflows = Path.Combine(Root, "workflows");
        Directory.CreateDirectory(Path.Combine(workflows, "data"));
        var source = Path.Combine(RepoRoot, "workflows");
        File.Copy(Path.Combine(source, "refund-approval.json"), Path.Combine(workflows, "refund-approval.json"));
        File.Copy(Path.Combine(source, "data", "orders.json"), Path.Combine(workflows, "data", "orders.json"));
        await File.WriteAllTextAsync(Path.Combine(workflows, "greet.json"), Greet);
        foreach (var (name, json) in Workflows)
        {
            await File.WriteAllTextAsync(Path.Combine(workflows, name + ".json"), json);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("dataDirectory", DataDir),
            new("audit:keyFile", Path.Combine(Root, "keys", "audit.key")),
            .. Settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
        ]).Build();
        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            WorkflowsDirectory = workflows,
            EventPollInterval = TimeSpan.FromMilliseconds(50),
            AuthenticationFailureLimit = 1000,
            Logging = _ => { },
        };
        Configure?.Invoke(options);
        _app = AgentFlowServer.Build(options, configuration, Services);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        // The first operator of a data dir is added without a token and becomes the admin; the API adds the rest.
        var (_, root) = await _app.Services.GetRequiredService<OperatorStore>().AddAsync("root", ["ops"], null, null);
        Tokens["root"] = root;
        using var admin = Client("root");
        foreach (var (name, role) in new[] { ("vera", "viewer"), ("bob", "finance"), ("alice", "ops"), ("dave", "ops") })
        {
            using var response = await admin.PostAsJsonAsync("/api/operators", new { name, roles = new[] { role } });
            response.EnsureSuccessStatusCode();
            Tokens[name] = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["token"]!.GetValue<string>();
        }
    }

    /// <summary>A client of the server, authenticated as <paramref name="operatorName"/> (none when null).</summary>
    public HttpClient Client(string? operatorName = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (operatorName is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[operatorName]);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepoRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AgentFlow.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("AgentFlow.sln not found above the test binaries");
        }
    }
}
