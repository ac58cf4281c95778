using System.Text.RegularExpressions;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// Every command and subcommand, given bad arguments, a malformed setting or an unreadable file, fails with one line
/// on stderr: a non-zero exit, nothing on stdout, and no stack trace.
/// </summary>
public sealed partial class BadArgumentsTests : TempDirectoryTest
{
    private static readonly Dictionary<string, string?> NoToken = new() { ["AGENTFLOW_TOKEN"] = null };

    /// <summary>Each command path (as typed after <c>agentflow</c>) with the bad calls that exercise it.</summary>
    public static TheoryData<string, string[]> Cases { get; } = new()
    {
        { "(none)", [] },
        { "(none)", ["bogus"] },
        { "validate", ["validate", ""] },
        { "validate", ["validate", "--format", "xml", "x.json"] },
        { "validate", ["validate", "missing.json"] },
        { "graph", ["graph", ""] },
        { "graph", ["graph", "missing.json"] },
        { "graph", ["graph", "folder"] },
        { "run", ["run", ""] },
        { "run", ["run", "missing.json"] },
        { "run", ["run", "folder"] },
        { "run", ["run", "ok.json", "--inputs", "folder"] },
        { "run", ["run", "ok.json", "--inputs", "missing.json"] },
        { "run", ["run", "ok.json", "--input", "novalue"] },
        { "run", ["run", "--resume", ""] },
        { "run", ["run", "--resume", "nope"] },
        { "run", ["run", "ok.json", "--max-timer-wait", "soon"] },
        { "runs", ["runs", "--limit", "many"] },
        { "runs", ["runs", "--status", "sleeping"] },
        { "show", ["show", ""] },
        { "show", ["show", "nope"] },
        { "show", ["show"] },
        { "costs", ["costs", "--by", "team"] },
        { "costs", ["costs", "--since", "yesterday"] },
        { "costs", ["costs", "--format", "xml"] },
        { "cancel", ["cancel", ""] },
        { "cancel", ["cancel", "nope"] },
        { "purge", ["purge"] },
        { "purge", ["purge", "--older-than", "a month"] },
        { "purge", ["purge", "--older-than", "P1D", "--status", "waiting"] },
        { "purge", ["purge", "--run", "nope"] },
        { "purge", ["purge", "--run", "nope", "--older-than", "P1D"] },
        { "worker", ["worker", "--backend", "nope"] },
        { "worker", ["worker", "extra"] },
        { "worker", ["worker", "--workflows", "no-such-folder"] },
        { "triggers", ["triggers"] },
        { "triggers list", ["triggers", "list", "--format", "xml"] },
        { "triggers list", ["triggers", "list", "--workflows", "no-such-folder"] },
        { "triggers pause", ["triggers", "pause", ""] },
        { "triggers pause", ["triggers", "pause", "nope"] },
        { "triggers resume", ["triggers", "resume", "nope"] },
        { "triggers fire", ["triggers", "fire", ""] },
        { "triggers fire", ["triggers", "fire", "nope"] },
        { "approvals", ["approvals", "--mine"] },
        { "approvals", ["approvals", "--format", "xml"] },
        { "approve", ["approve", "", "x"] },
        { "approve", ["approve", "nope", ""] },
        { "approve", ["approve", "nope", "x"] },
        { "approve", ["approve", "nope", "x", "--token", "af_not_a_token"] },
        { "reject", ["reject", "nope"] },
        { "reject", ["reject", "", "x", "--comment", "no"] },
        { "audit", ["audit", "a", "b"] },
        { "audit verify", ["audit", "verify", "extra"] },
        { "operators", ["operators"] },
        { "operators add", ["operators", "add", ""] },
        { "operators add", ["operators", "add", "bad name!"] },
        { "operators add", ["operators", "add", "ana", "--role", "no role"] },
        { "operators list", ["operators", "list", "extra"] },
        { "operators remove", ["operators", "remove", ""] },
        { "operators remove", ["operators", "remove", "nobody"] },
        { "effects", ["effects", "--state", "gone"] },
        { "effects resolve", ["effects", "resolve", "k"] },
        { "effects resolve", ["effects", "resolve", ""] },
        { "effects resolve", ["effects", "resolve", "k", "--done", "--token", "af_not_a_token"] },
        { "ingest", ["ingest", ""] },
        { "ingest", ["ingest", "missing.json"] },
        { "memory", ["memory"] },
        { "memory list", ["memory", "list", ""] },
        { "memory list", ["memory", "list", "a", "--limit", "x"] },
        { "memory search", ["memory", "search", "a", ""] },
        { "memory forget", ["memory", "forget", "a"] },
        { "memory export", ["memory", "export", ""] },
        { "serve", ["serve", "extra"] },
        { "serve", ["serve", "--urls", "ftp://x"] },
        { "serve", ["serve", "--urls", "notaurl"] },
        { "serve", ["serve", "--workflows", "no-such-folder"] },
        { "runs", ["runs", "--server", "nope"] },
        { "show", ["show", "r-1", "--server", "http://127.0.0.1:9"] },
        { "eval", ["eval", ""] },
        { "eval", ["eval", "ok.json"] },
        { "eval", ["eval", "missing.json", "cases.jsonl"] },
        { "eval", ["eval", "ok.json", "missing.jsonl"] },
        { "eval", ["eval", "ok.json", "missing.jsonl", "--variant", "novalue"] },
        { "eval", ["eval", "ok.json", "missing.jsonl", "--format", "xml"] },
        { "replay", ["replay", ""] },
        { "replay", ["replay", "nope"] },
        { "replay", ["replay", "nope", "--set", "noequals"] },
        { "replay", ["replay", "nope", "--format", "xml"] },
        { "dev", ["dev"] },
        { "dev smtp", ["dev", "smtp", "--port", "mail"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Command_with_bad_arguments_fails_with_one_line_and_no_stack_trace(string command, string[] args)
    {
        Arrange();

        var (code, stdout, stderr) = await CliRunner.RunInAsync(Root, NoToken, args);

        Assert.True(code != 0, $"{command}: exit 0; stderr: {stderr}");
        Assert.True(stdout.Length == 0, $"{command}: stdout not empty: {stdout}");
        AssertOneLineWithoutTrace(stderr);
    }

    [Fact]
    public async Task Malformed_setting_fails_with_one_line_naming_it()
    {
        Arrange();
        var environment = new Dictionary<string, string?>(NoToken) { ["AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT"] = "lots", ["AGENTFLOW__BACKEND"] = "azure-storage" };

        var (code, stdout, stderr) = await CliRunner.RunInAsync(Root, environment, "runs");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        AssertOneLineWithoutTrace(stderr);
        Assert.Contains("AGENTFLOW__AZURESTORAGE__PARTITIONCOUNT", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_and_subcommand_has_a_bad_arguments_case()
    {
        var commands = await ListCommandsAsync([]);

        var covered = Cases.Select(c => (string)c[0]).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(commands);
        var missing = commands.Where(c => !covered.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "no bad-arguments case for: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_option_and_argument_says_what_it_does()
    {
        var commands = await ListCommandsAsync([]);
        foreach (var command in commands)
        {
            var help = (await CliRunner.RunInAsync(Root, null, [.. command.Split(' '), "--help"])).Stdout;
            foreach (Match row in HelpRow().Matches(help))
            {
                Assert.True(row.Groups["text"].Value.Trim().Length >= 12, $"agentflow {command} --help: '{row.Value.Trim()}' does not say what it does");
            }
        }
    }

    private void Arrange()
    {
        Directory.CreateDirectory(Path.Combine(Root, "folder"));
        Write("ok.json", """{ "name": "ok", "start": "s", "nodes": { "s": { "kind": "end" } } }""");
    }

    private static void AssertOneLineWithoutTrace(string stderr)
    {
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--- End of", stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Exception:[^\n]*\n\s+at ", stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}: {stderr}");
        Assert.StartsWith("agentflow", lines[0], StringComparison.Ordinal);
    }

    /// <summary>Every command path below <paramref name="path"/>, read from the commands' own help.</summary>
    private async Task<List<string>> ListCommandsAsync(string[] path)
    {
        var help = (await CliRunner.RunInAsync(Root, null, [.. path, "--help"])).Stdout;
        var found = new List<string>();
        var section = help.Split("Commands:", 2) is [_, var rest] ? rest : string.Empty;
        foreach (Match row in CommandRow().Matches(section))
        {
            string[] child = [.. path, row.Groups["name"].Value];
            found.Add(string.Join(' ', child));
            found.AddRange(await ListCommandsAsync(child));
        }

        return found;
    }

    [GeneratedRegex(@"^  (?<name>[a-z][a-z-]*)\b", RegexOptions.Multiline)]
    private static partial Regex CommandRow();

    [GeneratedRegex(@"^  (?<name>(<[^>]+>|-\S+)[^\n]*?)  +(?<text>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex HelpRow();
}
