namespace AgentFlow.Console.Tests;

/// <summary>The console tests share one server and one browser, and run one at a time (a browser is heavy on 2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleGroup : ICollectionFixture<ConsoleFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "console";
}
