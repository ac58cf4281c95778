namespace AgentFlow.Memory.Tests.Retrieval;

/// <summary>The incremental indexing contract on the SQLite index (retrieval.db in the data directory).</summary>
public sealed class SqliteIncrementalIndexTests() : IncrementalIndexContractTests(new RetrievalFolder());
