using System.Globalization;
using System.Text;

namespace AgentFlow.Bench;

/// <summary>Generates large, valid workflows that exercise every analysis: branches, merges, templates, a map and an approval.</summary>
internal static class SyntheticWorkflow
{
    public static string Generate(int nodes)
    {
        var text = new StringBuilder();
        text.Append("""
            {
              "name": "synthetic",
              "inputs": { "topic": { "type": "string", "default": "x" } },
              "models": { "m": { "provider": "local" } },
              "agents": { "writer": { "model": "m" } },
              "tools": { "mail": { "kind": "email", "risk": "high" } },
              "start": "n0",
              "nodes": {

            """);
        for (var i = 0; i < nodes - 3; i++)
        {
            var next = $"n{i + 1}";
            string body;
            if (i % 50 == 10)
            {
                // A switch that skips one node, then merges again.
                body = $"\"kind\": \"switch\", \"next\": [ {{ \"when\": \"n{i - 1}.v == 'x'\", \"to\": \"n{i + 1}\" }}, {{ \"to\": \"n{i + 2}\" }} ]";
                text.Append(CultureInfo.InvariantCulture, $"    \"n{i}\": {{ {body} }},\n");
                continue;
            }

            body = (i % 10) switch
            {
                3 => $"\"kind\": \"llm\", \"agent\": \"writer\", \"prompt\": \"Summarise {{{{ n{i - 1}.v }}}} about {{{{ inputs.topic }}}}\"",
                7 => $"\"kind\": \"map\", \"items\": \"n{i - 1}.list\", \"as\": \"row\", \"do\": {{ \"kind\": \"set\", \"values\": {{ \"v\": \"{{{{ row }}}}\" }} }}",
                _ => $"\"kind\": \"set\", \"values\": {{ \"v\": \"{{{{ inputs.topic }}}} {i}\", \"list\": [1, 2] }}",
            };
            text.Append(CultureInfo.InvariantCulture, $"    \"n{i}\": {{ {body}, \"next\": \"{next}\" }},\n");
        }

        var last = nodes - 3;
        text.Append(CultureInfo.InvariantCulture, $"    \"n{last}\": {{ \"kind\": \"approval\", \"approvers\": [\"role:editor\"], \"next\": \"n{last + 1}\" }},\n");
        text.Append(CultureInfo.InvariantCulture, $"    \"n{last + 1}\": {{ \"kind\": \"tool\", \"tool\": \"mail\", \"args\": {{ \"subject\": \"{{{{ n{last - 1}.v }}}}\" }}, \"next\": \"n{last + 2}\" }},\n");
        text.Append(CultureInfo.InvariantCulture, $"    \"n{last + 2}\": {{ \"kind\": \"end\" }}\n  }}\n}}\n");
        return text.ToString();
    }
}
