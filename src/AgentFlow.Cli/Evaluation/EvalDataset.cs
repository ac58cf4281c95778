using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;

namespace AgentFlow.Cli.Evaluation;

/// <summary>
/// Reads an eval dataset: JSON Lines, one case per line (blank lines and lines starting with <c>//</c> are skipped).
/// Every problem is collected and reported as <c>FILE:LINE: what is wrong</c>, so one pass fixes them all.
/// </summary>
internal static partial class EvalDataset
{
    /// <summary>The cases of <paramref name="file"/>, checked against <paramref name="workflow"/> (node, tool and model names).</summary>
    /// <exception cref="EvalInputException">The file has bad lines.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<IReadOnlyList<EvalCase>> ReadAsync(string file, WorkflowDefinition workflow, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        var cases = new List<EvalCase>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var where = $"{file}:{i + 1}";
            var lineProblems = new List<string>();
            var parsed = Parse(text, i + 1, workflow, lineProblems);
            problems.AddRange(lineProblems.Select(p => $"{where}: {p}"));
            if (parsed is null)
            {
                continue;
            }

            if (ids.TryGetValue(parsed.Id, out var first))
            {
                problems.Add($"{where}: id '{parsed.Id}' is already used on line {first}; give each case its own id");
                continue;
            }

            ids[parsed.Id] = i + 1;
            cases.Add(parsed);
        }

        if (problems.Count == 0 && cases.Count == 0)
        {
            problems.Add($"{file}: no cases; write one JSON object per line: {{ \"id\": \"...\", \"inputs\": {{...}}, \"assert\": [...] }}");
        }

        return problems.Count > 0 ? throw new EvalInputException(problems) : cases;
    }

    private static EvalCase? Parse(string text, int line, WorkflowDefinition workflow, List<string> problems)
    {
        JsonObject obj;
        try
        {
            if (JsonNode.Parse(text) is not JsonObject o)
            {
                problems.Add("a case is one JSON object per line");
                return null;
            }

            obj = o;
        }
        catch (JsonException ex)
        {
            problems.Add($"not valid JSON ({ex.Message}); a case is one JSON object on one line");
            return null;
        }

        foreach (var key in obj.Select(p => p.Key).Where(k => k is not ("id" or "description" or "inputs" or "approvals" or "fixtures" or "assert")))
        {
            problems.Add($"unknown field '{key}'; a case has id, description, inputs, approvals, fixtures and assert");
        }

        var id = String(obj["id"]);
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add("'id' is missing or not a string; give the case a unique id");
        }

        var inputs = obj["inputs"] switch
        {
            null => new JsonObject(),
            JsonObject given => (JsonObject)given.DeepClone(),
            _ => Problem<JsonObject>(problems, "'inputs' must be an object of the workflow's inputs"),
        };
        var approvals = Approvals(obj["approvals"], workflow, problems);
        var (tools, models) = Fixtures(obj["fixtures"], workflow, problems);
        var assertions = new List<JsonObject>();
        if (obj["assert"] is not JsonArray list || list.Count == 0)
        {
            problems.Add("'assert' must be a non-empty array of assertions");
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                CheckAssertion(list[i], $"assert[{i}]", workflow, problems);
                if (list[i] is JsonObject a)
                {
                    assertions.Add((JsonObject)a.DeepClone());
                }
            }
        }

        return problems.Count > 0 || id is null || inputs is null
            ? null
            : new EvalCase(id, String(obj["description"]), line, inputs, approvals, tools, models, assertions);
    }

    private static Dictionary<string, ScriptedDecision> Approvals(JsonNode? node, WorkflowDefinition workflow, List<string> problems)
    {
        var approvals = new Dictionary<string, ScriptedDecision>(StringComparer.Ordinal);
        if (node is null)
        {
            return approvals;
        }

        if (node is not JsonObject obj)
        {
            problems.Add("'approvals' must be an object: { \"<approval node>\": { \"decision\": \"approve\" } }");
            return approvals;
        }

        foreach (var (name, value) in obj)
        {
            var target = NodeIds.Find(workflow, name);
            if (target is null || target.Kind != NodeKind.Approval && NodeKinds.ToJson(target.Kind) != "guard")
            {
                problems.Add(target is null
                    ? $"approvals: no node '{name}' in workflow '{workflow.Name}'; approval nodes: {string.Join(", ", ApprovalNames(workflow))}"
                    : $"approvals: '{name}' is a {NodeKinds.ToJson(target.Kind)} node, not an approval (or guard) node");
                continue;
            }

            if (value is not JsonObject d || String(d["decision"]) is not ("approve" or "reject"))
            {
                problems.Add($"approvals.{name}: give {{ \"decision\": \"approve\" | \"reject\" }} (optional by, comment, values)");
                continue;
            }

            if (d["values"] is { } values && values is not JsonObject)
            {
                problems.Add($"approvals.{name}.values must be an object of shown values to edit");
                continue;
            }

            approvals[name] = new ScriptedDecision(String(d["decision"]) == "approve", String(d["by"]), String(d["comment"]), d["values"]?.DeepClone() as JsonObject);
        }

        return approvals;
    }

    private static (Dictionary<string, JsonNode?> Tools, Dictionary<string, JsonNode?> Models) Fixtures(JsonNode? node, WorkflowDefinition workflow, List<string> problems)
    {
        var tools = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var models = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (node is null)
        {
            return (tools, models);
        }

        if (node is not JsonObject obj || obj.Any(p => p.Key is not ("tools" or "models")))
        {
            problems.Add("'fixtures' must be an object with 'tools' and/or 'models'");
            return (tools, models);
        }

        foreach (var (name, value) in obj["tools"] as JsonObject ?? [])
        {
            if (!workflow.Tools.ContainsKey(name))
            {
                problems.Add($"fixtures.tools: no tool '{name}' in workflow '{workflow.Name}'; tools: {string.Join(", ", workflow.Tools.Keys)}");
                continue;
            }

            tools[name] = value?.DeepClone();
        }

        foreach (var (name, value) in obj["models"] as JsonObject ?? [])
        {
            if (NodeIds.Find(workflow, name) is not LlmNode)
            {
                problems.Add($"fixtures.models: no llm node '{name}' in workflow '{workflow.Name}'; llm nodes: {string.Join(", ", NodeGraph.Walk(workflow.Nodes).OfType<LlmNode>().Select(n => n.Id))}");
                continue;
            }

            models[name] = value?.DeepClone();
        }

        return (tools, models);
    }

    private static IEnumerable<string> ApprovalNames(WorkflowDefinition workflow) =>
        NodeGraph.Walk(workflow.Nodes).Where(n => n.Kind == NodeKind.Approval || NodeKinds.ToJson(n.Kind) == "guard").Select(n => n.Id).DefaultIfEmpty("(none)");

    private static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static T? Problem<T>(List<string> problems, string message)
        where T : class
    {
        problems.Add(message);
        return null;
    }
}
