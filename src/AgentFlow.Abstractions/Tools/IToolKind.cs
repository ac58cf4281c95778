using System.Text.Json.Nodes;
using AgentFlow.Core.Model;

namespace AgentFlow.Abstractions.Tools;

/// <summary>Implements one tool kind of the workflow language (<c>code</c>, <c>http</c>, <c>email</c>, <c>mcp</c>).</summary>
public interface IToolKind
{
    /// <summary>The kind, as written in a tool declaration.</summary>
    string Kind { get; }

    /// <summary>Problems that stop <paramref name="tool"/> from running here (before a run starts); empty when it can run.</summary>
    IEnumerable<string> Check(ToolDefinition tool) => [];

    /// <summary>
    /// <see cref="Check"/>, plus what needs I/O to find out (e.g. whether a server answers); empty when it can run.
    /// </summary>
    Task<IReadOnlyList<string>> CheckAsync(ToolDefinition tool, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. Check(tool)]);

    /// <summary>Calls the tool and returns its result (the <c>tool</c> node's output).</summary>
    Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken);
}
