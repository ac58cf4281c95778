namespace AgentFlow.Core.Diagnostics;

/// <summary>
/// The catalogue of validation codes. Codes are stable: tools and CI scripts may match on them.
/// <c>AF1xx</c> structure, <c>AF2xx</c> graph, <c>AF3xx</c> references and templates, <c>AF4xx</c> policy,
/// <c>AF5xx</c> triggers, <c>AF6xx</c> budgets. Most are errors; <see cref="Warnings"/> lists the codes reported as warnings.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>The file is not a JSON document (syntax error, empty, binary or too large).</summary>
    public const string InvalidJson = "AF100";

    /// <summary>A required property is missing.</summary>
    public const string MissingProperty = "AF101";

    /// <summary>A property that this object does not define.</summary>
    public const string UnknownProperty = "AF102";

    /// <summary>A value has the wrong JSON type.</summary>
    public const string WrongType = "AF103";

    /// <summary>A node's <c>kind</c> is not one of the node kinds.</summary>
    public const string UnknownNodeKind = "AF104";

    /// <summary>The same key appears twice in one JSON object.</summary>
    public const string DuplicateKey = "AF105";

    /// <summary>A value outside its allowed set or range.</summary>
    public const string InvalidValue = "AF106";

    /// <summary>A duration that is not a positive ISO-8601 duration.</summary>
    public const string InvalidDuration = "AF107";

    /// <summary>An id that is not a valid identifier or is a reserved name.</summary>
    public const string InvalidIdentifier = "AF108";

    /// <summary><c>start</c> names a node that does not exist.</summary>
    public const string UnknownStartNode = "AF201";

    /// <summary>A <c>next</c>, <c>onError</c>, branch or join names a node that does not exist.</summary>
    public const string DanglingReference = "AF202";

    /// <summary>A node that no path from <c>start</c> reaches.</summary>
    public const string UnreachableNode = "AF203";

    /// <summary>A cycle that passes no node with <c>maxVisits</c>.</summary>
    public const string UnboundedCycle = "AF204";

    /// <summary>A transition that can never be taken because an earlier one has no <c>when</c>.</summary>
    public const string UnreachableTransition = "AF205";

    /// <summary>A node id used twice (e.g. in a <c>map</c> sub-graph and at top level).</summary>
    public const string DuplicateNodeId = "AF206";

    /// <summary>A <c>parallel</c> node whose branches and join do not form a proper fork/join.</summary>
    public const string InvalidParallel = "AF207";

    /// <summary>An <c>end</c> or <c>fail</c> node with a <c>next</c>.</summary>
    public const string TerminalWithNext = "AF208";

    /// <summary>A <c>switch</c> node without a conditional <c>next</c>.</summary>
    public const string SwitchWithoutConditions = "AF209";

    /// <summary>More nodes than <see cref="Validation.WorkflowLimits.MaxNodes"/>, map bodies included.</summary>
    public const string TooManyNodes = "AF210";

    /// <summary>An agent reference that is not declared under <c>agents</c>.</summary>
    public const string UnknownAgent = "AF301";

    /// <summary>A model reference that is not declared under <c>models</c>.</summary>
    public const string UnknownModel = "AF302";

    /// <summary>A tool reference that is not declared under <c>tools</c>.</summary>
    public const string UnknownTool = "AF303";

    /// <summary>A source reference that is not declared under <c>sources</c>.</summary>
    public const string UnknownSource = "AF304";

    /// <summary>A template or condition that is not valid Liquid.</summary>
    public const string InvalidTemplate = "AF305";

    /// <summary>A template that reads a node's output where that node is not guaranteed to have run.</summary>
    public const string NodeNotGuaranteed = "AF306";

    /// <summary>A template that reads a name which is neither an input, a node, nor a loop variable.</summary>
    public const string UnknownTemplateName = "AF307";

    /// <summary>A template that reads <c>inputs.x</c> where <c>x</c> is not declared.</summary>
    public const string UnknownInput = "AF308";

    /// <summary>A <c>workflow</c> node whose file does not exist.</summary>
    public const string SubWorkflowNotFound = "AF309";

    /// <summary>A template or expression reads a field that the value's declared shape (e.g. a node's output) cannot have.</summary>
    public const string UnknownOutputField = "AF310";

    /// <summary>A <c>risk: high</c> tool reachable on some path that passes no approval node.</summary>
    public const string HighRiskWithoutApproval = "AF401";

    /// <summary>A secret (API key, password, token) written into the workflow file.</summary>
    public const string SecretInWorkflow = "AF402";

    /// <summary>An approval whose <c>quorum</c> can never be met by the approvers it lists.</summary>
    public const string UnsatisfiableQuorum = "AF403";

    /// <summary>A source path or glob, or a <c>workflow</c> node's file, that resolves outside the workflow's folder and the allowed folders.</summary>
    public const string PathOutsideWorkflowFolder = "AF404";

    /// <summary>An untrusted value can reach a sensitive argument of a medium- or high-risk tool with no approval showing it first.</summary>
    public const string UntrustedSensitiveArgument = "AF411";

    /// <summary>A condition on a model's answer that read untrusted text picks between paths with different numbers of approvals before a medium- or high-risk tool.</summary>
    public const string UntrustedRouting = "AF412";

    /// <summary>An <c>llm</c> node that reads untrusted text offers a medium-risk tool, which it would run with no approval.</summary>
    public const string UntrustedToolChoice = "AF413";

    /// <summary>A guard check whose action is <c>approve</c> where nobody may decide: the guard (or the agent's <c>guards</c>) lists no <c>approvers</c>.</summary>
    public const string GuardApproveWithoutApprovers = "AF420";

    /// <summary>A guard check whose <c>check</c> is not one of injection, pii, schema, regex, length, banned.</summary>
    public const string UnknownGuardCheck = "AF421";

    /// <summary>A guard's regular expression (<c>pattern</c>, a <c>pii</c> pattern) that does not compile, or a pattern name that is not letters, digits and dashes.</summary>
    public const string InvalidGuardPattern = "AF422";

    /// <summary>A guard's <c>schema</c> that is not a usable JSON Schema.</summary>
    public const string InvalidGuardSchema = "AF423";

    /// <summary>A guard setting that cannot work: an action the check cannot take, <c>length</c> without bounds or with min over max, empty <c>terms</c>, an unknown <c>pii</c> type, a classifier threshold outside 0..1.</summary>
    public const string InvalidGuardSetting = "AF424";

    /// <summary>A guard <c>classifier</c> whose model is not declared, or is the offline <c>local</c> model (which cannot classify).</summary>
    public const string InvalidGuardClassifier = "AF425";

    /// <summary>A schedule's <c>cron</c> expression that does not parse, or never fires.</summary>
    public const string InvalidCron = "AF501";

    /// <summary>A schedule's <c>timeZone</c> that is not a known IANA time zone.</summary>
    public const string UnknownTimeZone = "AF502";

    /// <summary>A trigger duration outside its bounds: <c>every</c> under a second, <c>jitter</c> not shorter than the period, <c>waitTimeout</c> over five minutes.</summary>
    public const string TriggerTimingOutOfBounds = "AF503";

    /// <summary>A <c>passwordEnv</c> or <c>secretEnv</c> that is not an environment variable name.</summary>
    public const string InvalidEnvironmentVariableName = "AF504";

    /// <summary>Warning: an IMAP trigger without encryption to a host that is not this machine (the password travels in clear text).</summary>
    public const string CleartextImap = "AF505";

    /// <summary>Warning: a trigger setting that has no effect as written (<c>waitTimeout</c> without <c>respond: wait</c>, <c>timeZone</c> with <c>every</c>).</summary>
    public const string IneffectiveSetting = "AF506";

    /// <summary>A trigger's <c>inputs</c> maps a name the workflow does not declare under <c>inputs</c>.</summary>
    public const string UnknownTriggerInput = "AF507";

    /// <summary>A trigger's <c>inputs</c> leaves out a required input that has no default.</summary>
    public const string MissingTriggerInput = "AF508";

    /// <summary>A trigger maps a value whose JSON type cannot match the input's declared type (or outside its <c>enum</c>).</summary>
    public const string TriggerInputTypeMismatch = "AF509";

    /// <summary>A trigger's mapping reads a name outside the trigger's scope (<c>inputs</c>, a node, <c>run</c>, another kind's names).</summary>
    public const string OutsideTriggerScope = "AF510";

    /// <summary>A budget limit that is not positive, or too large to be a limit (<c>tokens</c>, <c>cost</c>, <c>modelCalls</c>, <c>steps</c>).</summary>
    public const string InvalidBudgetLimit = "AF601";

    /// <summary><c>steps</c>, <c>duration</c> or <c>approvers</c> in an agent's budget: only the workflow's budget has them.</summary>
    public const string RunOnlyBudgetField = "AF602";

    /// <summary>Warning: a budget that limits nothing (no <c>tokens</c>, <c>cost</c>, <c>modelCalls</c>, <c>steps</c> or <c>duration</c>, and for the workflow's budget no agent budget its approvers could decide on).</summary>
    public const string BudgetWithoutLimit = "AF603";

    /// <summary>Warning: budgets without <c>budget.approvers</c>: reaching a limit fails the run instead of pausing it for a decision.</summary>
    public const string BudgetWithoutApprovers = "AF604";

    /// <summary>The codes reported as warnings: the workflow is valid and runs, but probably not as the author meant.</summary>
    public static IReadOnlySet<string> Warnings { get; } = new HashSet<string>(StringComparer.Ordinal) { CleartextImap, IneffectiveSetting, BudgetWithoutLimit, BudgetWithoutApprovers };

    /// <summary>Every code with a one-line description, for docs and <c>--format json</c> consumers.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [InvalidJson] = "not a JSON document",
        [MissingProperty] = "required property missing",
        [UnknownProperty] = "unknown property",
        [WrongType] = "wrong JSON type",
        [UnknownNodeKind] = "unknown node kind",
        [DuplicateKey] = "duplicate key",
        [InvalidValue] = "invalid value",
        [InvalidDuration] = "invalid ISO-8601 duration",
        [InvalidIdentifier] = "invalid identifier",
        [UnknownStartNode] = "start names a missing node",
        [DanglingReference] = "reference to a missing node",
        [UnreachableNode] = "unreachable node",
        [UnboundedCycle] = "cycle without maxVisits",
        [UnreachableTransition] = "transition can never be taken",
        [DuplicateNodeId] = "duplicate node id",
        [InvalidParallel] = "invalid parallel fork/join",
        [TerminalWithNext] = "end/fail node with next",
        [SwitchWithoutConditions] = "switch without conditions",
        [UnknownAgent] = "unknown agent",
        [UnknownModel] = "unknown model",
        [UnknownTool] = "unknown tool",
        [UnknownSource] = "unknown source",
        [InvalidTemplate] = "invalid Liquid template",
        [NodeNotGuaranteed] = "node output not guaranteed",
        [UnknownTemplateName] = "unknown template name",
        [UnknownInput] = "undeclared input",
        [SubWorkflowNotFound] = "sub-workflow file not found",
        [UnknownOutputField] = "reads a field the value's declared shape does not have",
        [HighRiskWithoutApproval] = "high-risk tool reachable without approval",
        [SecretInWorkflow] = "secret in workflow file",
        [UnsatisfiableQuorum] = "quorum cannot be met",
        [PathOutsideWorkflowFolder] = "path outside the workflow's folder",
        [UntrustedSensitiveArgument] = "untrusted value reaches a sensitive tool argument",
        [UntrustedRouting] = "route chosen by a model that read untrusted text",
        [UntrustedToolChoice] = "model that reads untrusted text may call a medium-risk tool",
        [GuardApproveWithoutApprovers] = "guard action approve without approvers",
        [UnknownGuardCheck] = "unknown guard check",
        [InvalidGuardPattern] = "guard regular expression does not compile",
        [InvalidGuardSchema] = "guard schema not a usable JSON Schema",
        [InvalidGuardSetting] = "guard setting that cannot work",
        [InvalidGuardClassifier] = "guard classifier without a usable model",
        [InvalidCron] = "invalid cron expression",
        [UnknownTimeZone] = "unknown time zone",
        [TriggerTimingOutOfBounds] = "trigger duration out of bounds",
        [InvalidEnvironmentVariableName] = "not an environment variable name",
        [CleartextImap] = "IMAP password in clear text (warning)",
        [IneffectiveSetting] = "trigger setting without effect (warning)",
        [UnknownTriggerInput] = "trigger maps an undeclared input",
        [MissingTriggerInput] = "trigger leaves out a required input",
        [TriggerInputTypeMismatch] = "trigger maps a value of the wrong type",
        [OutsideTriggerScope] = "trigger mapping reads outside the trigger's scope",
        [InvalidBudgetLimit] = "budget limit not a positive number",
        [RunOnlyBudgetField] = "workflow-only field in an agent's budget",
        [BudgetWithoutLimit] = "budget without a limit (warning)",
        [BudgetWithoutApprovers] = "budget without approvers: reaching a limit fails the run (warning)",
    };
}
