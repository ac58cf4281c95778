using AgentFlow.Core;
using AgentFlow.Core.Model.Triggers;
using AgentFlow.Core.Paths;
using AgentFlow.Engine.Approvals;
using AgentFlow.Triggers.Schedules;
using AgentFlow.Triggers.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Triggers;

/// <summary>
/// Runs the triggers of the workflow files in <see cref="TriggerHostOptions.WorkflowsDirectory"/> in a long-lived host
/// (<c>agentflow worker</c>, <c>agentflow serve</c>), after its worker has started: one <see cref="ITriggerRunner"/> per
/// enabled trigger (webhooks have none: the server fires them). A changed file re-registers its triggers (runs already
/// started keep their pinned definition); a removed one stops them; an invalid one is logged once and listed as a
/// problem. Register it with <see cref="TriggerServiceCollectionExtensions.AddTriggers"/>.
/// </summary>
public sealed partial class TriggerHost : IHostedService, IAsyncDisposable
{
    private readonly TriggerHostOptions _options;
    private readonly TriggerStateStore _store;
    private readonly TriggerRuns _runs;
    private readonly Dictionary<TriggerKind, ITriggerRunner> _runners;
    private readonly AuditLog _audit;
    private readonly PathConfinement? _paths;
    private readonly ILogger<TriggerHost> _logger;
    private readonly TriggerHostContext _context;

    /// <summary>Creates the host (it reads nothing until started).</summary>
    public TriggerHost(IOptions<TriggerHostOptions> options, TriggerStateStore store, TriggerRuns runs, IEnumerable<ITriggerRunner> runners, AuditLog audit, PathConfinement? paths, ILogger<TriggerHost> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runners);
        _options = options.Value;
        _store = store;
        _runs = runs;
        _runners = runners.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Last());
        _audit = audit;
        _paths = paths;
        _logger = logger;
        Folder = Path.GetFullPath(_options.WorkflowsDirectory);
        _context = new TriggerHostContext(store, runs, _options.TimeProvider ?? TimeProvider.System, logger);
    }

    /// <summary>The workflows folder's full path.</summary>
    public string Folder { get; }

    /// <summary>The enabled triggers of the valid files, as last read.</summary>
    public IReadOnlyList<TriggerRegistration> Registrations => [.. _scan.Triggers.Where(t => t.Trigger.Enabled)];

    /// <summary>The files whose triggers are not run, and why, as last read.</summary>
    public IReadOnlyList<TriggerFileProblem> Problems => _scan.Problems;

    /// <summary>How triggers start runs: what runners and the server's webhook endpoint fire through.</summary>
    public ITriggerContext Context => _context;

    /// <summary>The state store (<c>triggers.db</c>).</summary>
    public TriggerStateStore Store => _store;

    /// <summary>The enabled trigger <paramref name="trigger"/> of workflow <paramref name="workflow"/>, or null.</summary>
    public TriggerRegistration? Find(string workflow, string trigger) =>
        Registrations.FirstOrDefault(r => r.Workflow.Name == workflow && r.Trigger.Name == trigger);

    /// <summary>Every trigger of the folder (enabled or not) with its state, next fire time and last run's status.</summary>
    public Task<IReadOnlyList<TriggerStatus>> ListAsync(CancellationToken cancellationToken) =>
        TriggerStatusReader.ReadAsync(_scan, _store, _runs.Client, _context.Time.GetUtcNow(), cancellationToken);

    /// <summary>Pauses <paramref name="id"/> (<c>WORKFLOW/TRIGGER</c>) as <paramref name="operatorName"/>, audited; false when it already was.</summary>
    /// <exception cref="TriggerNotFoundException">The folder has no such trigger.</exception>
    public Task<bool> PauseAsync(string id, string operatorName, CancellationToken cancellationToken) => SetPausedAsync(id, paused: true, operatorName, cancellationToken);

    /// <summary>Resumes <paramref name="id"/> as <paramref name="operatorName"/>, audited; false when it was not paused. Ticks missed while paused are not caught up.</summary>
    /// <exception cref="TriggerNotFoundException">The folder has no such trigger.</exception>
    public Task<bool> ResumeAsync(string id, string operatorName, CancellationToken cancellationToken) => SetPausedAsync(id, paused: false, operatorName, cancellationToken);

    /// <summary>Fires <paramref name="id"/> now: a schedule gets a manual tick (key <c>manual-UTCTICKS</c>, <c>trigger.manual</c> true).</summary>
    /// <exception cref="TriggerNotFoundException">The folder has no such trigger.</exception>
    /// <exception cref="AgentFlowException">The trigger cannot be fired by hand (a webhook, IMAP, a disabled trigger).</exception>
    /// <exception cref="TriggerInputException">The mapping produced inputs the workflow refuses.</exception>
    public Task<TriggerFireResult> FireNowAsync(string id, CancellationToken cancellationToken)
    {
        var registration = _scan.Triggers.FirstOrDefault(t => t.Id == id) ?? throw NotFound(id);
        return _context.FireAsync(registration, ManualFiring(registration, _context.Time), cancellationToken);
    }

    /// <summary>The firing of a manual tick of <paramref name="registration"/> now.</summary>
    /// <exception cref="AgentFlowException">The trigger is not an enabled schedule; the message says how it fires.</exception>
    public static TriggerFiring ManualFiring(TriggerRegistration registration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(time);
        if (!registration.Trigger.Enabled)
        {
            throw new AgentFlowException($"trigger '{registration.Id}' is disabled in {Path.GetFileName(registration.WorkflowFile)} (\"enabled\": false); enable it there to fire it");
        }

        return registration.Trigger switch
        {
            ScheduleTrigger schedule => ManualTick(registration, schedule, time),
            WebhookTrigger => throw new AgentFlowException($"trigger '{registration.Id}' is a webhook: it fires when called (POST /hooks/{registration.Workflow.Name}/{registration.Trigger.Name} with a signed body), not by hand; start the workflow with agentflow run instead"),
            _ => throw new AgentFlowException($"trigger '{registration.Id}' is an {TriggerKinds.ToJson(registration.Trigger.Kind)} trigger: it fires for each new message, not by hand; start the workflow with agentflow run instead"),
        };
    }

    private static TriggerFiring ManualTick(TriggerRegistration registration, ScheduleTrigger schedule, TimeProvider time)
    {
        ScheduleClock clock;
        try
        {
            clock = ScheduleClock.Create(schedule);
        }
        catch (ArgumentException ex)
        {
            throw new AgentFlowException($"trigger '{registration.Id}': {ex.Message}");
        }

        var now = time.GetUtcNow();
        return ScheduleFirings.Tick(registration, clock, now, now, manual: true);
    }

    private async Task<bool> SetPausedAsync(string id, bool paused, string operatorName, CancellationToken cancellationToken)
    {
        if (_scan.Triggers.All(t => t.Id != id))
        {
            throw NotFound(id);
        }

        var changed = await TriggerPauses.SetAsync(_store, _audit, id, paused, operatorName, _context.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            Log.PauseChanged(_logger, id, paused ? "paused" : "resumed", operatorName);
        }

        return changed;
    }

    private TriggerNotFoundException NotFound(string id)
    {
        try
        {
            TriggerNames.Resolve([.. _scan.Triggers.Select(t => t.Id)], id);
        }
        catch (TriggerNotFoundException ex)
        {
            return ex;
        }

        return new TriggerNotFoundException($"no trigger '{id}'; give WORKFLOW/TRIGGER");
    }
}
