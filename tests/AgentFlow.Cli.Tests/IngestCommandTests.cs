namespace AgentFlow.Cli.Tests;

public sealed class IngestCommandTests : TempDirectoryTest
{
    [Fact]
    public async Task Ingest_Twice_FirstAddsThenEverythingUnchanged()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("ingest", "workflows/newsletter.json", "--data-dir", DataDir);
        var (again, stdout2, _) = await CliRunner.RunAsync("ingest", "workflows/newsletter.json", "--source", "articles", "--data-dir", DataDir);

        Assert.True(exit == 0, stderr);
        Assert.Matches(@"(?m)^news\s+rss\s+9\s+0\s+0\s+0\s+9\s", stdout);
        Assert.Matches(@"(?m)^articles\s+files\s+4\s+0\s+0\s+0\s+\d+\s", stdout);
        Assert.Equal(0, again);
        Assert.Matches(@"(?m)^articles\s+files\s+0\s+0\s+4\s+0\s+0\s", stdout2);
        Assert.DoesNotContain("news", stdout2, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DataDir, "retrieval.db")));
    }

    [Fact]
    public async Task Ingest_UnknownSource_UsageErrorListsDeclaredSources()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("ingest", "workflows/email-triage.json", "--source", "nope", "--data-dir", DataDir);

        Assert.Equal(1, exit);
        Assert.Contains("declared: inbox", stderr, StringComparison.Ordinal);
    }
}
