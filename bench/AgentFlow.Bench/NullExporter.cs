using OpenTelemetry;

namespace AgentFlow.Bench;

/// <summary>An exporter that drops what it is given: the tracing variant measures recording and batching, not a collector.</summary>
internal sealed class NullExporter<T> : BaseExporter<T>
    where T : class
{
    public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
}
