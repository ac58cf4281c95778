using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace AgentFlow.Console.Tests;

/// <summary>What the console tests do over and over: start a refund through the API, call the API from inside a page, save screenshots.</summary>
internal static class ConsolePages
{
    /// <summary>Starts workflows/refund-approval as bob through the API; returns the run id.</summary>
    public static async Task<string> StartRefundAsync(ConsoleFixture console, decimal amount)
    {
        using var bob = console.Server.Client("bob");
        using var started = await bob.PostAsJsonAsync("/api/runs", new
        {
            workflow = "refund-approval",
            inputs = new { order = "A-1042", customer = "jane.doe@contoso.example.org", amount, reason = "The mouse stopped working after a week" },
        });
        started.EnsureSuccessStatusCode();
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<string>();
    }

    /// <summary>Opens a run's page and waits (on the DOM, fed by the run's event stream) until it shows the approval to decide.</summary>
    public static async Task OpenApprovalAsync(IPage page, string runId)
    {
        await page.GotoAsync($"/console/#/runs/{Uri.EscapeDataString(runId)}");
        var link = page.Locator("a[data-approval='approveRefund']");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await link.ClickAsync();
        await Assertions.Expect(page.Locator("#approve")).ToBeAttachedAsync();
    }

    /// <summary>
    /// Sends a request from inside the page with the page's session cookie (and its CSRF token unless
    /// <paramref name="withCsrf"/> is false), as the console's own code would; returns status and body.
    /// </summary>
    public static async Task<(int Status, string Body)> FetchAsync(IPage page, string method, string path, object? body, bool withCsrf = true)
    {
        var result = await page.EvaluateAsync<JsonElementResult>(
            """
            async ([method, path, body, withCsrf]) => {
              const session = await (await fetch('/api/session')).json();
              const headers = { 'Content-Type': 'application/json' };
              if (withCsrf) headers['X-CSRF-Token'] = session.csrfToken;
              const response = await fetch(path, { method, headers, body: body === null ? undefined : JSON.stringify(body) });
              return { status: response.status, body: await response.text() };
            }
            """,
            new object?[] { method, path, body, withCsrf });
        return (result.Status, result.Body);
    }

    /// <summary>Saves a screenshot: into $AGENTFLOW_SCREENSHOTS when set (docs/images for the README), else beside the test's data.</summary>
    public static async Task ScreenshotAsync(ConsoleFixture console, IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("AGENTFLOW_SCREENSHOTS") is { Length: > 0 } target
            ? Path.GetFullPath(target)
            : Path.Combine(console.Server.Root, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>What <see cref="FetchAsync"/> reads back from the page.</summary>
    internal sealed class JsonElementResult
    {
        public int Status { get; set; }

        public string Body { get; set; } = string.Empty;
    }
}
