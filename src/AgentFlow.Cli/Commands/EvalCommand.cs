using System.CommandLine;
using AgentFlow.Agents.Llm;
using AgentFlow.Cli.Evaluation;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow eval WORKFLOW DATASET.jsonl [--variant NAME=FILE]... [--compare] [--format table|json] [--junit FILE]
/// [--judge MODEL]</c>: runs every case of the dataset against the workflow and each variant, each in a temporary data
/// dir of its own, and checks its assertions (docs/evaluation.md). Exit 0 when every case of every variant passes, 1
/// when any fails, 2 when the workflow, a variant, the dataset or the command line cannot be used.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var workflow = CommonOptions.NonEmpty("workflow", "The workflow file to evaluate.", "the workflow file name is empty");
        var dataset = CommonOptions.NonEmpty("dataset", "The dataset: JSON Lines, one case per line (docs/evaluation.md).", "the dataset file name is empty");
        var variant = new Option<string[]>("--variant") { Description = "Also run the workflow with a JSON merge patch applied, as NAME=FILE (repeatable); the workflow as is is the variant 'base'.", AllowMultipleArgumentsPerToken = false };
        var compare = new Option<bool>("--compare") { Description = "Print the variants side by side: a case x variant matrix, and pass rate, tokens, cost and latency per variant." };
        var format = new Option<string>("--format") { Description = "Output: table (default) or json (one document with every case, its effects and assertions).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var junit = new Option<string?>("--junit") { Description = "Also write JUnit XML to this file (a testsuite per variant, a testcase per case)." };
        var judge = new Option<string?>("--judge") { Description = "The model (a name in the workflow's models) that grades criteria assertions without a model of their own." };
        var timeout = new Option<int>("--case-timeout") { Description = "Give up on a case whose run neither finishes nor waits within this many seconds.", DefaultValueFactory = _ => 120 };
        var command = new Command("eval", "Run a dataset of cases against a workflow (and variants of it) and check their assertions.") { workflow, dataset, variant, compare, format, junit, judge, timeout };
        command.SetAction((result, cancellationToken) => RunAsync(result, workflow, dataset, variant, compare, format, junit, judge, timeout, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Argument<string> workflow, Argument<string> dataset, Option<string[]> variant, Option<bool> compare, Option<string> format, Option<string?> junit, Option<string?> judge, Option<int> timeout, CancellationToken cancellationToken)
    {
        var error = result.InvocationConfiguration.Error;
        var output = result.InvocationConfiguration.Output;
        var code = await CommonOptions.GuardAsync(error, async () =>
        {
            EvalSuite suite;
            try
            {
                suite = await EvalSuite.LoadAsync(result.GetValue(workflow)!, result.GetValue(dataset)!, result.GetValue(variant) ?? [], cancellationToken).ConfigureAwait(false);
                CheckJudge(suite, result.GetValue(judge));
            }
            catch (EvalInputException ex)
            {
                foreach (var problem in ex.Problems)
                {
                    await error.WriteLineAsync($"agentflow eval: {problem}").ConfigureAwait(false);
                }

                return ExitCodes.Invalid;
            }

            using var models = new ChatModelFactory();
            var checker = new AssertionChecker(new CriteriaJudge(suite.Workflow, result.GetValue(judge), models));
            await error.WriteLineAsync($"eval {suite.Workflow.Name}: {suite.Cases.Count} case(s) x {suite.Variants.Count} variant(s) ({string.Join(", ", suite.Variants.Select(v => v.Name))})").ConfigureAwait(false);
            var results = await new EvalRunner(suite, checker, TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))), error).RunAsync(cancellationToken).ConfigureAwait(false);
            if (result.GetValue(format) == "json")
            {
                await EvalReport.WriteJsonAsync(output, suite, results).ConfigureAwait(false);
            }
            else if (result.GetValue(compare))
            {
                await EvalReport.WriteCompareAsync(output, results).ConfigureAwait(false);
            }
            else
            {
                await EvalReport.WriteTableAsync(output, results).ConfigureAwait(false);
            }

            if (result.GetValue(junit) is { } file)
            {
                await JUnitReport.WriteAsync(file, suite, results, cancellationToken).ConfigureAwait(false);
            }

            var failed = results.Count(r => !r.Passed);
            await error.WriteLineAsync(failed == 0 ? $"all {results.Count} case run(s) passed" : $"{failed} of {results.Count} case run(s) failed").ConfigureAwait(false);
            return failed == 0 ? ExitCodes.Ok : 1;
        }).ConfigureAwait(false);

        // Exit codes of eval: 0 all passed, 1 some failed, 2 the inputs or the command line cannot be used.
        return code is ExitCodes.Ok or 1 or ExitCodes.Invalid ? code : ExitCodes.Invalid;
    }

    /// <summary>Every criteria assertion needs a judge: --judge, or its own model; both must be models of the workflow.</summary>
    private static void CheckJudge(EvalSuite suite, string? judge)
    {
        if (judge is not null && !suite.Workflow.Models.ContainsKey(judge))
        {
            throw new EvalInputException([$"--judge '{judge}': no model of that name in the workflow's models ({string.Join(", ", suite.Workflow.Models.Keys)})"]);
        }

        var unjudged = suite.Cases.Where(c => judge is null && c.Assertions.Any(NeedsJudge)).Select(c => $"{suite.DatasetFile}:{c.Line}: case '{c.Id}' has a criteria assertion without a model; pass --judge MODEL or give it \"model\"").ToList();
        if (unjudged.Count > 0)
        {
            throw new EvalInputException(unjudged);
        }
    }

    private static bool NeedsJudge(System.Text.Json.Nodes.JsonObject assertion) =>
        (assertion.ContainsKey("criteria") && assertion["model"] is null)
        || (assertion["anyOf"] ?? assertion["allOf"]) is System.Text.Json.Nodes.JsonArray list && list.OfType<System.Text.Json.Nodes.JsonObject>().Any(NeedsJudge);
}
