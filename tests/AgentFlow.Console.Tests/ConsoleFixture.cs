using AgentFlow.Server.Tests;
using Microsoft.Playwright;

namespace AgentFlow.Console.Tests;

/// <summary>
/// One real server (the API tests' <see cref="ServerFixture"/>) and one headless Chromium for every console test.
/// The browser is Debian's <c>/usr/bin/chromium</c> (no download): <c>apt-get install -y chromium</c>.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs Chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long a page condition may take on a loaded machine before a test fails (never a sleep).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPage, List<string>> _errors = new();
    private IPlaywright? _playwright;

    /// <summary>
    /// The server; its folder also holds a workflow with a validation error (workflows page), one with a schedule
    /// (triggers page), one with two llm nodes (tokens) and one whose approval shows an untrusted and a trusted field.
    /// </summary>
    public ServerFixture Server { get; } = new()
    {
        Workflows = new Dictionary<string, string>
        {
            ["broken"] = """
                {
                  "name": "broken",
                  "start": "first",
                  "nodes": {
                    "first": { "kind": "set", "values": { "a": "1" }, "next": "missing" }
                  }
                }
                """,
            ["ticker"] = """
                {
                  "name": "ticker",
                  "triggers": { "yearly": { "kind": "schedule", "cron": "0 8 1 1 *", "timeZone": "Europe/Berlin", "description": "New Year's report." } },
                  "start": "note",
                  "nodes": { "note": { "kind": "set", "values": { "at": "{{ run.id }}" } } }
                }
                """,
            ["pair"] = """
                {
                  "name": "pair",
                  "models": { "local": { "provider": "local" } },
                  "agents": { "writer": { "model": "local" }, "critic": { "model": "local" } },
                  "start": "draft",
                  "nodes": {
                    "draft": { "kind": "llm", "agent": "writer", "prompt": "Write two sentences about durable workflows.", "next": "check" },
                    "check": { "kind": "llm", "agent": "critic", "prompt": "Critique this draft: {{ draft.text }}" }
                  }
                }
                """,
            ["screened"] = """
                {
                  "name": "screened",
                  "inputs": { "mail": { "type": "string", "untrusted": true }, "ticket": { "type": "string" } },
                  "start": "review",
                  "nodes": {
                    "review": { "kind": "approval", "approvers": ["role:ops"],
                                "show": { "mail": "{{ inputs.mail }}", "ticket": "{{ inputs.ticket }}" } }
                  }
                }
                """,
        },
    };

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"the console tests need Chromium at {ChromiumPath}: apt-get install -y chromium (.ci/run does it)");
        }

        await Server.InitializeAsync();
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new browser context (its own cookies) with a page at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var errors = _errors.GetOrAdd(page, _ => []);

        // Uncaught script errors and Content-Security-Policy refusals: a page must have none.
        page.PageError += (_, error) => { lock (errors) { errors.Add(error); } };
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        return page;
    }

    /// <summary>The script errors and CSP refusals <paramref name="page"/> has seen so far.</summary>
    public IReadOnlyList<string> ErrorsOf(IPage page)
    {
        var errors = _errors.GetOrAdd(page, _ => []);
        lock (errors)
        {
            return [.. errors];
        }
    }

    /// <summary>Opens the console on a new page and signs in as <paramref name="operatorName"/>.</summary>
    public async Task<IPage> SignInAsync(string operatorName, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/console/");
        await page.GetByLabel("Operator token").FillAsync(Server.Tokens[operatorName]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#who-name")).ToContainTextAsync(operatorName);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
