using AgentFlow.Engine.Tests.Support;

namespace AgentFlow.Engine.Tests.Conformance;

/// <summary>The conformance suite on the embedded SQLite backend.</summary>
public sealed class SqliteConformanceTests(SqliteFixture fixture) : BackendConformanceTests<SqliteFixture>(fixture), IClassFixture<SqliteFixture>;
