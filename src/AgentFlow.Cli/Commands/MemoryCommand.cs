using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Memory;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow memory list|search|forget|export AGENT</c>: look into and prune an agent's long-term memory.</summary>
internal static class MemoryCommand
{
    private static readonly JsonSerializerOptions Line = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var agent = CommonOptions.NonEmpty("agent", "The agent whose memory to use (its name in the workflow's agents section).", "the agent name is empty");
        var limit = new Option<int>("--limit") { Description = "List at most this many memories (the newest).", DefaultValueFactory = _ => 50 };

        var list = new Command("list", "List an agent's memories, newest first.") { agent, limit, dataDir };
        list.SetAction((result, ct) => WithStoreAsync(result, dataDir, async (store, _) =>
        {
            var records = await store.ListAsync(result.GetValue(agent)!, result.GetValue(limit), ct).ConfigureAwait(false);
            await Table.WriteAsync(result.InvocationConfiguration.Output, ["ID", "CREATED (UTC)", "RUN", "TEXT"], [.. records.Select(r => new[] { r.Id, r.CreatedAt.ToString("u", CultureInfo.InvariantCulture), r.RunId ?? "-", Short(r.Text) })]).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var query = CommonOptions.NonEmpty("query", "The text to search for; memories are ranked by similarity of meaning to it.", "the query is empty");
        var k = new Option<int>("--k") { Description = "Return this many memories, the most similar first.", DefaultValueFactory = _ => 5 };
        var search = new Command("search", "Search an agent's memories by meaning, as a recall node would.") { agent, query, k, dataDir };
        search.SetAction((result, ct) => WithStoreAsync(result, dataDir, async (store, embedder) =>
        {
            var vector = await embedder.EmbedAsync(result.GetValue(query)!, ct).ConfigureAwait(false);
            var hits = await store.SearchAsync(result.GetValue(agent)!, vector, result.GetValue(k), 0, 0, DateTime.UtcNow, ct).ConfigureAwait(false);
            await Table.WriteAsync(result.InvocationConfiguration.Output, ["SCORE", "ID", "TEXT"], [.. hits.Select(h => new[] { h.Score.ToString("0.000", CultureInfo.InvariantCulture), h.Record.Id, Short(h.Record.Text) })]).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var id = new Option<string?>("--id") { Description = "Forget one memory by id." };
        var where = new Option<string[]>("--where") { Description = "Forget memories whose metadata has KEY=VALUE (repeatable; all must match).", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Forget every memory of the agent." };
        var forget = new Command("forget", "Forget memories by id, by metadata, or all of an agent's.") { agent, id, where, all, dataDir };
        forget.SetAction((result, ct) => WithStoreAsync(result, dataDir, async (store, _) =>
        {
            var pairs = result.GetValue(where) ?? [];
            if (result.GetValue(id) is null && pairs.Length == 0 && !result.GetValue(all))
            {
                throw new Core.AgentFlowException("say what to forget: --id ID, --where KEY=VALUE, or --all");
            }

            JsonObject? filter = pairs.Length == 0 ? null : new JsonObject(pairs.Select(p => p.Split('=', 2)).Select(p => p.Length == 2
                ? KeyValuePair.Create(p[0], (JsonNode?)JsonValue.Create(p[1]))
                : throw new Core.AgentFlowException($"--where '{string.Join('=', p)}': use KEY=VALUE")));
            var count = await store.ForgetAsync(result.GetValue(agent)!, result.GetValue(id), filter, ct).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync($"forgot {count} memor{(count == 1 ? "y" : "ies")} of '{result.GetValue(agent)}'").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var export = new Command("export", "Write an agent's memories as JSON lines (text, metadata, provenance, times; no vectors).") { agent, dataDir };
        export.SetAction((result, ct) => WithStoreAsync(result, dataDir, async (store, _) =>
        {
            foreach (var r in await store.ListAsync(result.GetValue(agent)!, int.MaxValue, ct).ConfigureAwait(false))
            {
                var line = new JsonObject
                {
                    ["id"] = r.Id, ["agent"] = r.Agent, ["text"] = r.Text, ["metadata"] = r.Metadata?.DeepClone(), ["runId"] = r.RunId,
                    ["nodeId"] = r.NodeId, ["createdAt"] = r.CreatedAt, ["expiresAt"] = r.ExpiresAt,
                };
                await result.InvocationConfiguration.Output.WriteLineAsync(line.ToJsonString(Line)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return new Command("memory", "Inspect and prune agents' long-term memory.") { list, search, forget, export };
    }

    private static Task<int> WithStoreAsync(ParseResult result, Option<string?> dataDir, Func<IMemoryStore, IEmbedder, Task<int>> body) =>
        CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            await using var services = CommonOptions.Services(result, dataDir, null);
            return await body(services.Get<IMemoryStore>(), services.Get<IEmbedder>()).ConfigureAwait(false);
        });

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 90 ? line[..87] + "..." : line;
    }
}
