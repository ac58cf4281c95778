using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary><c>agentflow serve</c>: one line with the bound URL on stderr, the API answering, and a clean stop on SIGTERM.</summary>
public sealed partial class ServeCommandTests : TempDirectoryTest
{
    [Fact]
    public async Task Serve_PrintsTheUrl_ServesTheApi_AndStopsCleanlyOnSigterm()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = CliRunner.Start("serve", "--urls", "http://127.0.0.1:0", "--data-dir", DataDir, "--workflows", Path.Combine(CliRunner.RepoRoot, "workflows"));
        try
        {
            string? line;
            Match url;
            do
            {
                line = await server.StandardError.ReadLineAsync(timeout.Token);
                url = line is null ? Match.Empty : Listening().Match(line);
            }
            while (line is not null && !url.Success);
            Assert.True(url.Success, "serve printed no URL before exiting");

            using var client = new HttpClient { BaseAddress = new Uri(url.Groups[1].Value) };
            using var response = await client.GetAsync("/api/runs", timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

            using var term = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync(timeout.Token);
            var rest = await server.StandardError.ReadToEndAsync(timeout.Token);
            await server.WaitForExitAsync(timeout.Token);

            Assert.Equal(0, server.ExitCode);
            Assert.Contains("server stopped", rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
