namespace AgentFlow.Core.Model;

/// <summary>The kinds of workflow node. The JSON spelling is the lower-case name (see <see cref="NodeKinds"/>).</summary>
public enum NodeKind
{
    /// <summary>A reasoning step: one chat completion by an agent.</summary>
    Llm,

    /// <summary>Search a declared retrieval source.</summary>
    Retrieve,

    /// <summary>Call a declared tool.</summary>
    Tool,

    /// <summary>Wait for authorised operators to approve or reject.</summary>
    Approval,

    /// <summary>Recall memories of an agent.</summary>
    Recall,

    /// <summary>Store a memory for an agent.</summary>
    Remember,

    /// <summary>Compute values from templates.</summary>
    Set,

    /// <summary>Branch on conditions only.</summary>
    Switch,

    /// <summary>Run branches concurrently and continue at a join node.</summary>
    Parallel,

    /// <summary>Run a node or sub-graph once per item of a list.</summary>
    Map,

    /// <summary>Run another workflow file as a sub-orchestration.</summary>
    Workflow,

    /// <summary>Wait for a duration or until a time (durable timer).</summary>
    Wait,

    /// <summary>End the run (or the current branch/item) successfully.</summary>
    End,

    /// <summary>Fail the run with a message.</summary>
    Fail,

    /// <summary>Check a text (injection, personal data, output rules) and flag, redact, block or hold it for approval.</summary>
    Guard,
}
