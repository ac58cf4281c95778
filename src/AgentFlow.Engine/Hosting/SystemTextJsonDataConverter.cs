using System.Text.Json;
using DurableTask.Core.Serializing;

namespace AgentFlow.Engine.Hosting;

/// <summary>
/// A DurableTask.Core <see cref="DataConverter"/> on System.Text.Json, so inputs, outputs and events written by the
/// Core <c>TaskHubClient</c> are read by orchestrators and activities written against <c>Microsoft.DurableTask</c>
/// (whose shims use System.Text.Json). Core's default, Newtonsoft with type names, cannot be read by the shims.
/// </summary>
public sealed class SystemTextJsonDataConverter : DataConverter
{
    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web);

    /// <summary>The options every AgentFlow payload is written with (the Web defaults: camelCase, case-insensitive reads).</summary>
    public static JsonSerializerOptions Options => Compact;
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The shared instance.</summary>
    public static SystemTextJsonDataConverter Instance { get; } = new();

    /// <inheritdoc />
    public override string? Serialize(object? value) => Serialize(value, formatted: false);

    /// <inheritdoc />
    public override string? Serialize(object? value, bool formatted) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), formatted ? Indented : Compact);

    /// <inheritdoc />
    public override object? Deserialize(string? data, Type objectType) =>
        data is null ? null : JsonSerializer.Deserialize(data, objectType, Compact);
}
