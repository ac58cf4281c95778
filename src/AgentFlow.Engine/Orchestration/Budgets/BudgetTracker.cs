using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Engine.Orchestration.Budgets;

/// <summary>
/// Checks a run's <c>budget</c> and its agents' budgets, deterministically from what the orchestration has recorded:
/// tokens, model calls and cost as the run's usage sums them (its own nodes, map items, chunks and sub-runs that
/// returned), per agent those of its <c>llm</c> nodes, steps (node executions) and time since the run started by
/// orchestration time. A model call is predicted to spend the average per call so far in the same scope, as is each
/// call still in flight in parallel lanes, so a run with even calls stops right before the call that would cross a
/// limit, sequential or parallel.
/// </summary>
internal sealed class BudgetTracker
{
    private readonly BudgetDefinition? _workflow;
    private readonly IReadOnlyList<Approver> _approvers;
    private readonly Dictionary<string, BudgetDefinition> _agents;
    private readonly Func<TokenUsage?> _runUsage;
    private readonly Dictionary<string, TokenUsage> _agentUsage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _raised = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _runInFlight;
    private IReadOnlyDictionary<string, TokenUsage> _agentBase = new Dictionary<string, TokenUsage>();
    private TokenUsage? _usageBase;
    private int _stepsBase;

    /// <summary>Tracks the budgets of <paramref name="definition"/> for a run that started at <paramref name="startedAt"/>.</summary>
    /// <param name="definition">The workflow (its <c>budget</c> and its agents' budgets).</param>
    /// <param name="runUsage">The orchestration's usage sum (its progress), read at each check.</param>
    /// <param name="startedAt">When the run started, by orchestration time.</param>
    public BudgetTracker(WorkflowDefinition definition, Func<TokenUsage?> runUsage, DateTime startedAt)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _workflow = definition.Budget is { IsEmpty: false } budget ? budget : null;
        _approvers = definition.Budget?.Approvers ?? [];
        _agents = definition.Agents.Values
            .Where(a => a.Budget is { IsEmpty: false })
            .ToDictionary(a => a.Name, a => a.Budget!, StringComparer.Ordinal);
        _runUsage = runUsage;
        StartedAt = startedAt;
    }

    /// <summary>True when neither the workflow nor any agent has a limit: nothing to check.</summary>
    public bool IsEmpty => _workflow is null && _agents.Count == 0;

    /// <summary>Who may let the run go on past a limit: the workflow budget's approvers (also for agents' budgets).</summary>
    public IReadOnlyList<Approver> Approvers => _approvers;

    /// <summary>When the run started.</summary>
    public DateTime StartedAt { get; private set; }

    /// <summary>Node executions counted here (this orchestration's and its chunks').</summary>
    public int Steps { get; private set; }

    /// <summary>The key a raised limit is kept under: <c>workflow/tokens</c>, <c>agent:NAME/cost</c>.</summary>
    public static string Key(string scope, BudgetMetric metric) => $"{scope}/{metric}";

    /// <summary>Counts one node execution.</summary>
    public void CountStep() => Steps++;

    /// <summary>Counts what an <c>llm</c> node of <paramref name="agent"/> spent.</summary>
    public void CountModelUsage(string agent, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (!_agentUsage.TryGetValue(agent, out var sum))
        {
            _agentUsage[agent] = sum = new TokenUsage();
        }

        sum.Add(usage);
    }

    /// <summary>Counts a model call of <paramref name="agent"/> as in flight (started, not yet counted).</summary>
    public void StartModelCall(string agent)
    {
        _runInFlight++;
        _inFlight[agent] = _inFlight.GetValueOrDefault(agent) + 1;
    }

    /// <summary>The call started by <see cref="StartModelCall"/> ended (its usage, if any, counted).</summary>
    public void EndModelCall(string agent)
    {
        _runInFlight--;
        _inFlight[agent] = _inFlight.GetValueOrDefault(agent) - 1;
    }

    /// <summary>Sets a limit an operator approved.</summary>
    public void Raise(string key, decimal limit) => _raised[key] = limit;

    /// <summary>The first limit that running <paramref name="node"/> now would cross (steps, duration, and for <c>llm</c> nodes the model limits); null when none.</summary>
    public BudgetBreach? BeforeNode(WorkflowNode node, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_workflow is { } budget)
        {
            if (budget.Steps is { } steps && Limit(BudgetMetric.Steps, steps) is var stepLimit && _stepsBase + Steps + 1 > stepLimit)
            {
                return new BudgetBreach(BudgetMetric.Steps, "workflow", _stepsBase + Steps, stepLimit, steps);
            }

            if (budget.Duration is { } duration && Limit(BudgetMetric.Duration, duration.Ticks) is var timeLimit && (now - StartedAt).Ticks >= timeLimit)
            {
                return new BudgetBreach(BudgetMetric.Duration, "workflow", (now - StartedAt).Ticks, timeLimit, duration.Ticks);
            }
        }

        return node is LlmNode llm ? BeforeModelCall(llm.Agent) : null;
    }

    /// <summary>
    /// The first limit a model call of <paramref name="agent"/> would cross (the workflow's, then the agent's); null
    /// when none. <paramref name="inFlight"/>: the call is counted in flight already (a retry), so it is not counted twice.
    /// </summary>
    public BudgetBreach? BeforeModelCall(string agent, bool inFlight = false)
    {
        var self = inFlight ? 1 : 0;
        if (_workflow is { } budget && Check(budget, "workflow", RunUsage(), _runInFlight - self) is { } breach)
        {
            return breach;
        }

        return _agents.TryGetValue(agent, out var own) ? Check(own, BudgetBreach.AgentScopePrefix + agent, AgentUsage(agent), _inFlight.GetValueOrDefault(agent) - self) : null;
    }

    /// <summary>What a chunk of a long map starts from: everything spent so far, and the limits in force.</summary>
    public BudgetState Export()
    {
        var agents = new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
        foreach (var name in _agentBase.Keys.Union(_agentUsage.Keys))
        {
            agents[name] = AgentUsage(name);
        }

        return new BudgetState(StartedAt, RunUsage(), agents, _stepsBase + Steps, new Dictionary<string, decimal>(_raised));
    }

    /// <summary>Continues the budget of the run a chunk belongs to.</summary>
    public void Resume(BudgetState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        StartedAt = state.StartedAt;
        _usageBase = state.Usage;
        _agentBase = state.Agents ?? new Dictionary<string, TokenUsage>();
        _stepsBase = state.Steps;
        foreach (var (key, limit) in state.Limits ?? new Dictionary<string, decimal>())
        {
            _raised[key] = limit;
        }
    }

    /// <summary>What this chunk spent itself (without what it started from), and the limits in force at its end.</summary>
    public BudgetState Spent(TokenUsage? usage) =>
        new(StartedAt, usage, new Dictionary<string, TokenUsage>(_agentUsage), Steps, new Dictionary<string, decimal>(_raised));

    /// <summary>Adds what a chunk spent (its usage goes to the run's progress separately) and keeps the higher of raised limits.</summary>
    public void Merge(BudgetState spent)
    {
        ArgumentNullException.ThrowIfNull(spent);
        Steps += spent.Steps;
        foreach (var (agent, usage) in spent.Agents ?? new Dictionary<string, TokenUsage>())
        {
            CountModelUsage(agent, usage);
        }

        foreach (var (key, limit) in spent.Limits ?? new Dictionary<string, decimal>())
        {
            _raised[key] = Math.Max(limit, _raised.GetValueOrDefault(key));
        }
    }

    private BudgetBreach? Check(BudgetDefinition budget, string scope, TokenUsage usage, int inFlight)
    {
        var calls = usage.ModelCalls;
        if (budget.Tokens is { } tokens && Predicted(scope, BudgetMetric.Tokens, tokens, usage.Tokens, calls, inFlight) is { } overTokens)
        {
            return overTokens;
        }

        if (budget.Cost is { } cost && Predicted(scope, BudgetMetric.Cost, cost, usage.Cost ?? 0m, calls, inFlight) is { } overCost)
        {
            return overCost;
        }

        return budget.ModelCalls is { } maxCalls && Limit(BudgetMetric.ModelCalls, maxCalls, scope) is var callLimit && calls + inFlight + 1 > callLimit
            ? new BudgetBreach(BudgetMetric.ModelCalls, scope, calls, callLimit, maxCalls)
            : null;
    }

    /// <summary>A breach when <paramref name="used"/> reached the limit or the calls in flight and the next one, at the average so far, would cross it.</summary>
    private BudgetBreach? Predicted(string scope, BudgetMetric metric, decimal written, decimal used, int calls, int inFlight)
    {
        var limit = Limit(metric, written, scope);
        var next = calls > 0 ? used / calls * (inFlight + 1) : 0m;
        return used >= limit || used + next > limit ? new BudgetBreach(metric, scope, used, limit, written) : null;
    }

    private decimal Limit(BudgetMetric metric, decimal written, string scope = "workflow") =>
        _raised.TryGetValue(Key(scope, metric), out var raised) ? raised : written;

    private TokenUsage RunUsage()
    {
        var sum = new TokenUsage();
        if (_usageBase is not null)
        {
            sum.Add(_usageBase);
        }

        if (_runUsage() is { } own)
        {
            sum.Add(own);
        }

        return sum;
    }

    private TokenUsage AgentUsage(string agent)
    {
        var sum = new TokenUsage();
        if (_agentBase.TryGetValue(agent, out var before))
        {
            sum.Add(before);
        }

        if (_agentUsage.TryGetValue(agent, out var own))
        {
            sum.Add(own);
        }

        return sum;
    }
}
