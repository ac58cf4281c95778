using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Validate_ExamplesDirectory_ExitsZeroAndReportsEachFileValid()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("validate", "workflows");

        Assert.Equal(0, exit);
        Assert.Contains("workflows/hello.json: valid", stdout, StringComparison.Ordinal);
        Assert.Contains("workflows/newsletter.json: valid", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Validate_InvalidWorkflow_ExitsTwoWithFileLineColumnCodePathAndHint()
    {
        var file = Write("bad.json", "{\n  \"name\": \"x\",\n  \"start\": \"a\",\n  \"nodes\": {\n    \"a\": { \"kind\": \"end\", \"next\": \"ghost\" }\n  }\n}\n");

        var (exit, stdout, _) = await CliRunner.RunAsync("validate", file);

        Assert.Equal(2, exit);
        Assert.Contains($"{file}:5:27: AF208", stdout, StringComparison.Ordinal);
        Assert.Contains($"{file}:5:27: AF202 next of node 'a' goes to 'ghost', which is not a node (at $.nodes.a.next)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FormatJson_PrintsMachineReadableDiagnostics()
    {
        var file = Write("bad.json", "{ \"name\": \"x\", \"start\": \"nope\", \"nodes\": { \"a\": { \"kind\": \"end\" } } }");

        var (exit, stdout, _) = await CliRunner.RunAsync("validate", "--format", "json", file);

        Assert.Equal(2, exit);
        var report = JsonNode.Parse(stdout)!;
        Assert.False(report["valid"]!.GetValue<bool>());
        var diagnostic = report["files"]![0]!["diagnostics"]!.AsArray().First(d => d!["code"]!.GetValue<string>() == "AF201")!;
        Assert.Equal("$.start", diagnostic["path"]!.GetValue<string>());
        Assert.Equal(1, diagnostic["line"]!.GetValue<int>());
        Assert.Equal("error", diagnostic["severity"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_WorkflowWithOnlyAWarning_ExitsZeroAndPrintsTheWarning()
    {
        var file = Write("hook.json", """
            {
              "name": "x",
              "start": "a",
              "nodes": { "a": { "kind": "end" } },
              "triggers": { "orders": { "kind": "webhook", "secretEnv": "ORDERS_SECRET", "waitTimeout": "PT1M" } }
            }
            """);

        var (exit, stdout, _) = await CliRunner.RunAsync("validate", file);
        var (jsonExit, json, _) = await CliRunner.RunAsync("validate", "--format", "json", file);

        Assert.Equal((0, 0), (exit, jsonExit));
        Assert.Contains($"{file}:5:78: AF506 warning: 'waitTimeout' of trigger 'orders' has no effect", stdout, StringComparison.Ordinal);
        Assert.Contains($"{file}: valid (1 nodes)", stdout, StringComparison.Ordinal);
        var diagnostic = JsonNode.Parse(json)!["files"]![0]!["diagnostics"]![0]!;
        Assert.Equal(("AF506", "warning"), (diagnostic["code"]!.GetValue<string>(), diagnostic["severity"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsOneWithOneClearLine()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("validate", Path.Combine(_dir, "missing.json"));

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"agentflow: {Path.Combine(_dir, "missing.json")}: no such file", stderr.Trim());
    }

    [Theory]
    [InlineData("empty.json", "", "file is empty")]
    [InlineData("text.json", "this is not json", "not valid JSON")]
    [InlineData("array.json", "[1, 2]", "a workflow must be a JSON object")]
    public async Task Validate_NotAWorkflow_ExitsTwoWithOneLineAndNoStackTrace(string name, string content, string expected)
    {
        var file = Write(name, content);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("validate", file);

        Assert.Equal(2, exit);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BinaryFile_ExitsTwoSayingItIsBinary()
    {
        var file = Path.Combine(_dir, "blob.json");
        File.WriteAllBytes(file, [0x7b, 0x00, 0x01, 0xff, 0x7d]);

        var (exit, stdout, _) = await CliRunner.RunAsync("validate", file);

        Assert.Equal(2, exit);
        Assert.Contains("binary", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_HugeFile_IsRefusedWithoutReadingIt()
    {
        var file = Path.Combine(_dir, "huge.json");
        using (var stream = File.Create(file))
        {
            stream.SetLength(17L * 1024 * 1024);
        }

        var (exit, stdout, _) = await CliRunner.RunAsync("validate", file);

        Assert.Equal(2, exit);
        Assert.Contains("limited to 16 MiB", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NoArguments_IsAUsageErrorExitOne()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("validate");

        Assert.Equal(1, exit);
        Assert.NotEmpty(stderr);
    }

    [Fact]
    public async Task Validate_Directory_WithoutJson_IsAnIoError()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("validate", _dir);

        Assert.Equal(1, exit);
        Assert.Contains("no .json workflow files", stderr, StringComparison.Ordinal);
    }
}
