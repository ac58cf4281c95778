using AgentFlow.Agents.Hosting;
using AgentFlow.Engine.Composition;
using AgentFlow.Engine.Runs;
using AgentFlow.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentFlow.Cli.Tests;

/// <summary>The composed worker as a hosted service of a Generic Host: what <c>agentflow worker</c> and the server run.</summary>
public sealed class WorkerServiceTests : TempDirectoryTest
{
    private const string Workflow = """
        { "name": "hosted", "inputs": { "name": { "type": "string" } }, "start": "greet",
          "nodes": { "greet": { "kind": "set", "values": { "text": "hi {{ inputs.name }}" }, "next": "done" },
                     "done": { "kind": "end" } },
          "output": { "text": "{{ greet.text }}" } }
        """;

    [Fact]
    public async Task GenericHost_StartsTheWorker_RunsAWorkflow_AndStops()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("dataDirectory", DataDir)]).Build();
        builder.Services.AddAgentFlow(configuration).AddWorkerService().AddAgents().AddMemory();
        using var host = builder.Build();

        await host.StartAsync();
        var client = host.Services.GetRequiredService<AgentFlowWorkerService>().Client;
        var runId = await client.StartAsync(await client.PrepareAsync(Write("hosted.json", Workflow), new() { ["name"] = "Ana" }));
        var run = await UntilFinishedAsync(client, runId);
        await host.StopAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("hi Ana", run.Output?["text"]?.GetValue<string>());
    }

    [Fact]
    public async Task GenericHost_MalformedSetting_FailsToStartNamingIt()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("dataDirectory", DataDir), new("smtp:security", "tls2")]).Build();
        builder.Services.AddAgentFlow(configuration).AddWorkerService().AddAgents();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<Abstractions.Configuration.ConfigurationException>(() => host.StartAsync());

        Assert.Equal("smtp.security", ex.Setting);
    }

    private static async Task<RunInfo> UntilFinishedAsync(RunClient client, string runId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (await client.GetAsync(runId, timeout.Token) is { IsFinished: true } run)
            {
                return run;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
