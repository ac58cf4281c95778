using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace AgentFlow.Console.Tests;

/// <summary>Tokens on the run page (per node and for the run) and in the runs list, as the run's own node outputs report them.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class UsageConsoleTests(ConsoleFixture console)
{
    [Fact]
    public async Task RunPageAndRunsList_ShowTheTokensTheNodesReported()
    {
        using var bob = console.Server.Client("bob");
        using var started = await bob.PostAsJsonAsync("/api/runs", new { workflow = "pair" });
        started.EnsureSuccessStatusCode();
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<string>();
        var page = await console.SignInAsync("vera");

        await page.GotoAsync($"/console/#/runs/{Uri.EscapeDataString(runId)}");
        await Expect(page.Locator("#run-status")).ToHaveAttributeAsync("data-status", "completed");

        var run = (await bob.GetFromJsonAsync<JsonObject>($"/api/runs/{Uri.EscapeDataString(runId)}"))!;
        long total = 0;
        decimal cost = 0;
        foreach (var node in run["timeline"]!.AsArray())
        {
            var usage = node!["output"]!["usage"]!;
            var (input, output) = (usage["promptTokens"]!.GetValue<long>(), usage["completionTokens"]!.GetValue<long>());
            total += input + output;
            cost += usage["cost"]!.GetValue<decimal>();
            await Expect(page.Locator($"li[data-node='{node["node"]!.GetValue<string>()}'] .step-tokens")).ToHaveTextAsync($"{input} in / {output} out");
        }

        Assert.True(total > 0, run.ToJsonString());
        await Expect(page.Locator("#run-tokens")).ToHaveAttributeAsync("data-tokens", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#run-tokens")).ToContainTextAsync("2 model calls");
        // The local model is free unless the price table prices it: its calls cost 0 in the table's currency.
        Assert.Equal(cost, run["usage"]!["cost"]!.GetValue<decimal>());
        await Expect(page.Locator("#run-cost")).ToContainTextAsync($"{cost.ToString(System.Globalization.CultureInfo.InvariantCulture)} {run["usage"]!["currency"]!.GetValue<string>()}");

        await page.GotoAsync("/console/#/runs?workflow=pair");
        await Expect(page.Locator($"tr[data-run='{runId}'] td[data-label='Tokens']")).ToHaveTextAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(console.ErrorsOf(page));
    }
}
