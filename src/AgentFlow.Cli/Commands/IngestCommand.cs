using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AgentFlow.Abstractions.Hosting;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Tools;
using AgentFlow.Memory;
using AgentFlow.Memory.Retrieval;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow ingest FILE [--source NAME]</c>: index a workflow's retrieval sources into the data directory's
/// retrieval index now (incrementally, by content hash), instead of on the first search of a run.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var file = CommonOptions.NonEmpty("file", "The workflow whose sources to index; source paths are relative to its folder.", "the file name is empty");
        var source = new Option<string?>("--source") { Description = "Index only the declared source of this name (default: every declared source)." };
        var dataDir = CommonOptions.DataDirectory();
        var command = new Command("ingest", "Index a workflow's retrieval sources and print what changed.") { file, source, dataDir };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var error = result.InvocationConfiguration.Error;
            var path = result.GetValue(file)!;
            var document = await WorkflowInput.TryLoadAsync(path, error, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return ExitCodes.UsageOrIo;
            }

            await using var services = CommonOptions.Services(result, dataDir, null);
            var paths = services.Get<HostFolders>().Paths;
            var diagnostics = WorkflowValidator.Validate(document, paths, BuiltInTools.OutputShapes);
            if (document.Definition is not { } workflow || WorkflowValidator.HasErrors(diagnostics))
            {
                foreach (var diagnostic in diagnostics.Where(d => d.IsError))
                {
                    await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                }

                return ExitCodes.Invalid;
            }

            var wanted = result.GetValue(source);
            var sources = workflow.Sources.Values.Where(s => wanted is null || s.Name == wanted).ToList();
            if (sources.Count == 0)
            {
                var declared = workflow.Sources.Count == 0 ? "it declares none" : "declared: " + string.Join(", ", workflow.Sources.Keys);
                await error.WriteLineAsync($"agentflow ingest: {path} has no source {(wanted is null ? "to index" : $"'{wanted}'")}; {declared}").ConfigureAwait(false);
                return ExitCodes.UsageOrIo;
            }

            var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var rows = new List<string[]>();
            var retrieval = services.Get<RetrievalService>();
            foreach (var definition in sources)
            {
                var clock = Stopwatch.StartNew();
                var counts = await retrieval.IndexAsync(definition, baseDirectory, cancellationToken).ConfigureAwait(false);
                rows.Add([definition.Name, definition.Kind, .. Numbers(counts.Added, counts.Updated, counts.Unchanged, counts.Removed, counts.Chunks),
                    clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)]);
            }

            await Table.WriteAsync(result.InvocationConfiguration.Output, ["SOURCE", "KIND", "ADDED", "UPDATED", "UNCHANGED", "REMOVED", "CHUNKS", "SECONDS"], rows)
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string[] Numbers(params int[] values) => [.. values.Select(v => v.ToString(CultureInfo.InvariantCulture))];
}
