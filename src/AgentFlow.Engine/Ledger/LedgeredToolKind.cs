using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Core.Model;

namespace AgentFlow.Engine.Ledger;

/// <summary>
/// Wraps a tool kind so that tools with <c>risk</c> medium or high act once per idempotency key: the effect is claimed
/// in an <see cref="IEffectLedger"/> before the call and its result recorded after, and a repeated call returns the
/// recorded result instead of acting again. Low-risk tools call straight through.
/// </summary>
/// <remarks>
/// A tool that throws is taken not to have acted: the claim is removed so a retry acts again. Tools that can fail after
/// acting must therefore be idempotent by <see cref="NodeExecutionContext.IdempotencyKey"/> themselves. The
/// claim stays (and a later call raises <see cref="EffectInDoubtException"/>) when the outcome is genuinely unknown: the
/// process died, the call was cancelled while under way, or the result could not be recorded.
/// </remarks>
public sealed class LedgeredToolKind : IToolKind
{
    /// <summary>What the audit history names as the resolver when a failed call's claim is removed.</summary>
    public const string FailureResolver = "agentflow (tool failed)";

    private readonly IToolKind _inner;
    private readonly IEffectLedger _ledger;

    /// <summary>Creates the decorator around <paramref name="inner"/>.</summary>
    public LedgeredToolKind(IToolKind inner, IEffectLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(ledger);
        _inner = inner;
        _ledger = ledger;
    }

    /// <inheritdoc />
    public string Kind => _inner.Kind;

    /// <inheritdoc />
    public IEnumerable<string> Check(ToolDefinition tool) => _inner.Check(tool);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CheckAsync(ToolDefinition tool, CancellationToken cancellationToken = default) => _inner.CheckAsync(tool, cancellationToken);

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        if (toolCall.Tool.Risk == ToolRisk.Low)
        {
            return await _inner.InvokeAsync(toolCall, cancellationToken).ConfigureAwait(false);
        }

        var execution = toolCall.Execution;
        var key = execution.IdempotencyKey;
        var begin = await _ledger.BeginAsync(key, toolCall.Tool.Name, execution.RunId, execution.NodeId, cancellationToken).ConfigureAwait(false);
        switch (begin.State)
        {
            case LedgerBeginState.AlreadyCompleted:
                return begin.Entry.Result;
            case LedgerBeginState.InDoubt:
                throw new EffectInDoubtException(begin.Entry);
        }

        JsonNode? result;
        try
        {
            result = await _inner.InvokeAsync(toolCall, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // A cancelled call may have been half-way through its effect, so only plain failures give the claim back.
            // CancellationToken.None: the reset must land even if the caller gives up now.
            await _ledger.ResolveAsync(key, LedgerResolution.Repeat, null, FailureResolver, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // Outside the try: if recording fails the effect has happened, so the claim must stay and turn in-doubt.
        await _ledger.CompleteAsync(key, result, CancellationToken.None).ConfigureAwait(false);
        return result;
    }
}
