using System.Text.Json.Nodes;

namespace AgentFlow.Cli.Tests;

/// <summary>Valid settings from agentflow.json and AGENTFLOW__* take effect (the data directory they name is the one used), as a user sets them.</summary>
public sealed class SettingsSourcesTests : TempDirectoryTest
{
    private const string Workflow = """{ "name": "tiny", "start": "s", "nodes": { "s": { "kind": "set", "values": { "ok": true } } } }""";

    [Fact]
    public async Task Agentflow_json_data_directory_and_full_durability_are_used()
    {
        Write("agentflow.json", """{ "backend": "sqlite", "dataDirectory": "store", "durability": "full" }""");
        var file = Write("tiny.json", Workflow);

        var (code, stdout, stderr) = await CliRunner.RunInAsync(Root, null, "run", file);

        Assert.True(code == 0, stderr);
        Assert.True(JsonNode.Parse(stdout)!["ok"]!.GetValue<bool>());
        Assert.True(File.Exists(Path.Combine(Root, "store", "agentflow.db")), "the run is stored in the dataDirectory of agentflow.json");
        Assert.Contains("tiny", (await CliRunner.RunInAsync(Root, null, "runs")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_choose_backend_data_directory_and_durability()
    {
        var file = Write("tiny.json", Workflow);
        var env = new Dictionary<string, string?>
        {
            ["AGENTFLOW__BACKEND"] = "sqlite",
            ["AGENTFLOW__DATADIRECTORY"] = Path.Combine(Root, "from-env"),
            ["AGENTFLOW__DURABILITY"] = "full",
        };

        var (code, _, stderr) = await CliRunner.RunInAsync(Root, env, "run", file);

        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(Root, "from-env", "agentflow.db")), "the run is stored in AGENTFLOW__DATADIRECTORY");
    }

    [Fact]
    public async Task A_bad_durability_is_one_line_naming_the_setting()
    {
        var file = Write("tiny.json", Workflow);

        var (code, _, stderr) = await CliRunner.RunInAsync(Root, new Dictionary<string, string?> { ["AGENTFLOW__DURABILITY"] = "paranoid" }, "run", file);

        Assert.Equal(2, code);
        Assert.StartsWith("agentflow: configuration: AGENTFLOW__DURABILITY:", stderr.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Root, ".agentflow")), "nothing was opened");
    }
}
