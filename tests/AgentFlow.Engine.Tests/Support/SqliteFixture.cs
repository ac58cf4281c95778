using AgentFlow.Engine.Backends;
using AgentFlow.Engine.Hosting;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>The embedded backend in a temporary data directory.</summary>
public sealed class SqliteFixture : BackendFixture
{
    /// <inheritdoc />
    public override string Backend => "sqlite";

    /// <inheritdoc />
    public override string Location => Path.Combine(Directory, "data");

    /// <inheritdoc />
    public override (string Location, string TaskHub) Isolated(string tag) => (Path.Combine(Directory, tag), TaskHub);

    /// <inheritdoc />
    public override void Configure(AgentFlowEngineOptions options)
    {
        options.Backend = BackendNames.Parse(Backend);
        options.DataDirectory = Location;
    }
}
