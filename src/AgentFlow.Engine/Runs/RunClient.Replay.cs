using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Definitions;
using AgentFlow.Engine.Replay;

namespace AgentFlow.Engine.Runs;

/// <summary>Replay what-if: fork a finished run into a new run of its (patched) definition that reuses what it recorded.</summary>
public sealed partial class RunClient
{
    /// <summary>
    /// Forks the finished run <see cref="ReplayRequest.RunId"/> into a new run of its pinned definition with the
    /// request's patches applied, reusing the source's recorded node visits (see docs/replay.md); returns at once.
    /// </summary>
    /// <exception cref="ReplayRefusedException">No such run, a run that has not finished, or a bad option.</exception>
    /// <exception cref="Definitions.WorkflowInvalidException">The patched workflow is invalid (each error names its assignment).</exception>
    /// <exception cref="WorkflowNotRunnableException">The patched workflow cannot run in this host.</exception>
    public async Task<ReplayStart> ReplayAsync(ReplayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.RunId;
        var state = await _host.Client.GetOrchestrationStateAsync(id).ConfigureAwait(false);
        if (state is null || state.Name != RunNames.RunOrchestration)
        {
            throw new ReplayRefusedException(ReplayRefusal.NotFound, $"no run '{id}'; agentflow runs lists the runs");
        }

        var source = await _tree.ExpandAsync(RunStates.ToRunInfo(state), cancellationToken).ConfigureAwait(false);
        if (RunIds.IsChild(id))
        {
            throw new ReplayRefusedException(ReplayRefusal.NotReplayable, $"'{id}' is a sub-run or map chunk; replay its top-level run '{RunIds.Root(id)}' instead");
        }

        if (source.Status is not (RunStatus.Completed or RunStatus.Failed))
        {
            throw new ReplayRefusedException(ReplayRefusal.NotReplayable, source.Status switch
            {
                RunStatus.Canceled => $"run '{id}' was cancelled; replay forks a completed or failed run",
                RunStatus.Waiting => $"run '{id}' is waiting ({string.Join(", ", source.Progress?.Waiting.Select(w => $"{w.Kind.Name()} at '{w.Node}'") ?? [])}); replay forks a finished run: decide it first (agentflow approve|reject {id} NODE) or cancel it (agentflow cancel {id}), then replay it",
                _ => $"run '{id}' is {source.Status.Name()}; replay forks a finished run: wait until it completes or fails (agentflow show {id}), or cancel it (agentflow cancel {id})",
            });
        }

        var original = RunStates.Parse<RunRequest>(state.Input)
            ?? throw new ReplayRefusedException(ReplayRefusal.NotReplayable, $"run '{id}' has no readable start request; it cannot be replayed");
        var pinned = await _runtime.Store.GetAsync(original.Pin, cancellationToken).ConfigureAwait(false)
            ?? throw new ReplayRefusedException(ReplayRefusal.NotReplayable, $"the definition run '{id}' started with ({original.Pin[..12]}) is no longer stored (purged?); it cannot be replayed");

        var (definition, text, fork) = Patch(id, pinned, request);
        var problems = await _runtime.Executors.CheckAsync(definition, pinned.SourceFile, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new WorkflowNotRunnableException(pinned.SourceFile, problems);
        }

        var patched = new PinnedDefinition(DefinitionPinner.PinOf(definition.ContentHash, pinned.Links), pinned.SourceFile, text, pinned.Links);
        await _runtime.Store.SaveAsync(patched, cancellationToken).ConfigureAwait(false);
        _runtime.Definitions.Prime(patched, definition);
        var inputs = RunInputs.Bind(definition, original.Inputs);
        var recording = await new RunRecordingReader(_host.Backend.Client).ReadAsync(id, cancellationToken).ConfigureAwait(false);
        var plan = new ReplayPlan { Fork = fork, Forked = fork.FromStart, Visits = recording.Visits.ToDictionary(StringComparer.Ordinal) };
        var forkId = $"{definition.Name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await _host.Client.CreateOrchestrationInstanceAsync(
            RunNames.RunOrchestration, string.Empty, forkId, new RunRequest(patched.Pin, inputs, Workflow: definition.Name, Trace: RunTraces.NewRun(), Replay: plan)).ConfigureAwait(false);
        return new ReplayStart(forkId, definition.Name, fork, recording.Visits.Count(v => v.Value.HasResult));
    }

    /// <summary>Applies the request's assignments and model to the pinned text, validates it, and finds the fork point.</summary>
    private (Core.Model.WorkflowDefinition Definition, string Text, RunFork Fork) Patch(string runId, PinnedDefinition pinned, ReplayRequest request)
    {
        var assignments = request.Set ?? [];
        var patches = new List<JsonNode>();
        foreach (var assignment in assignments)
        {
            try
            {
                patches.Add(WorkflowPatch.FromAssignment(assignment));
            }
            catch (FormatException ex)
            {
                throw new ReplayRefusedException(ReplayRefusal.BadRequest, $"--set {assignment}: {ex.Message}");
            }
        }

        var utf8 = Encoding.UTF8.GetBytes(pinned.Json);
        if (request.Model is { } model)
        {
            // Every agent of the workflow as the assignments leave it.
            var agents = JsonNode.Parse(WorkflowPatch.Apply(utf8, patches))?["agents"] as JsonObject ?? [];
            patches.AddRange(agents.Select(a => (JsonNode)new JsonObject { ["agents"] = new JsonObject { [a.Key] = new JsonObject { ["model"] = model } } }));
        }

        var text = WorkflowPatch.Apply(utf8, patches);
        var document = WorkflowPatch.Load(utf8, pinned.SourceFile, patches);
        var diagnostics = WorkflowValidator.Validate(document, _runtime.Paths, Tools.BuiltInTools.OutputShapes);
        if (document.Definition is not { } definition || WorkflowValidator.HasErrors(diagnostics))
        {
            var label = assignments.Count == 0 ? $"{pinned.SourceFile} of run {runId}" : $"{pinned.SourceFile} with --set {string.Join(" --set ", assignments)}";
            var named = diagnostics.Where(d => d.IsError).Select(d => d with { File = label, Message = $"{d.Message} [{Blame(d.JsonPath, assignments)}]" }).ToList();
            throw new WorkflowInvalidException(label, named, $"{label}: the patched workflow is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, named.Select(d => d.ToString()))}");
        }

        if (request.Model is { } name && !definition.Models.ContainsKey(name))
        {
            var declared = definition.Models.Keys.Order(StringComparer.Ordinal).ToList();
            throw new ReplayRefusedException(ReplayRefusal.BadRequest, $"--model {name}: the workflow declares no model '{name}' (it declares: {(declared.Count == 0 ? "none" : string.Join(", ", declared))}); name one of them, or add one with --set models.{name}={{\"provider\":\"...\",\"model\":\"...\"}}");
        }

        var index = new DefinitionIndex(definition, pinned);
        if (request.From is { } from)
        {
            if (!index.AllNodes.Any(n => n.Id == from))
            {
                var ids = index.AllNodes.Select(n => n.Id).Order(StringComparer.Ordinal);
                throw new ReplayRefusedException(ReplayRefusal.BadRequest, $"--from {from}: workflow '{definition.Name}' has no node '{from}'; its nodes are: {string.Join(", ", ids)}");
            }

            return (definition, text, new RunFork(runId, from, [from], definition.Start == from, assignments, request.Model));
        }

        var before = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject ?? [];
        var (changed, fromStart) = WorkflowChanges.Compare(before, JsonNode.Parse(text) as JsonObject ?? []);
        return (definition, text, new RunFork(runId, null, changed, fromStart || changed.Contains(definition.Start), assignments, request.Model));
    }

    /// <summary>The assignment an error is about: the one whose path leads to the error's JSON path, else all of them.</summary>
    private static string Blame(string jsonPath, IReadOnlyList<string> assignments)
    {
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;
        var hit = assignments.FirstOrDefault(a =>
        {
            var target = a.Split('=', 2)[0].Trim();
            return path == target || path.StartsWith(target + ".", StringComparison.Ordinal) || path.StartsWith(target + "[", StringComparison.Ordinal) || target.StartsWith(path + ".", StringComparison.Ordinal);
        });
        return hit is not null ? $"from --set {hit}" : assignments.Count == 0 ? "in the recorded definition" : $"after --set {string.Join(", --set ", assignments)}";
    }
}
