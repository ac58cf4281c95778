using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace AgentFlow.Console.Tests;

/// <summary>A replay fork's run page links to "Compare with source": node outputs side by side, changed ones highlighted.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class ReplayCompareConsoleTests(ConsoleFixture console)
{
    [Fact]
    public async Task ForkRunPage_CompareWithSource_ShowsOutputsSideBySideAndHighlightsTheChanged()
    {
        using var bob = console.Server.Client("bob");
        var source = await CompletedAsync(bob, await StartAsync(bob));
        using var replay = await bob.PostAsJsonAsync($"/api/runs/{source}/replay", new { set = new[] { "nodes.hello.values.text=hello {{ inputs.name }}" } });
        replay.EnsureSuccessStatusCode();
        var fork = await CompletedAsync(bob, (await replay.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<string>());
        var page = await console.SignInAsync("vera");

        await page.GotoAsync($"/console/#/runs/{Uri.EscapeDataString(fork)}");
        await page.Locator("#run-fork a", new() { HasText = "Compare with source" }).ClickAsync();

        var hello = page.Locator("#compare tr[data-node='hello']");
        await Expect(hello).ToHaveAttributeAsync("data-diff", "changed");
        await Expect(hello).ToHaveClassAsync("diff-changed");
        await Expect(hello.Locator("td").Nth(1)).ToContainTextAsync("hi Cy");
        await Expect(hello.Locator("td").Nth(2)).ToContainTextAsync("hello Cy");
        await Expect(page.Locator("#compare tr[data-node='done']")).ToHaveAttributeAsync("data-diff", "same");
        await Expect(page.Locator("#compare tr[data-node='done']")).Not.ToHaveClassAsync("diff-changed");
        await Expect(page.Locator("#compare-summary")).ToContainTextAsync($"of {source}");
        Assert.Empty(console.ErrorsOf(page));
    }

    private static async Task<string> StartAsync(HttpClient client)
    {
        using var started = await client.PostAsJsonAsync("/api/runs", new { workflow = "greet", inputs = new { name = "Cy" } });
        started.EnsureSuccessStatusCode();
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<string>();
    }

    private static async Task<string> CompletedAsync(HttpClient client, string runId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while ((await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", timeout.Token))!["status"]!.GetValue<string>() != "completed")
        {
            await Task.Delay(50, timeout.Token);
        }

        return runId;
    }
}
