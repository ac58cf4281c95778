using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>
/// Serializes Durable Task messages, history events and states for storage. History events are polymorphic, so
/// type names are written; the binder only admits DurableTask.Core types, so a tampered database cannot make the
/// engine instantiate arbitrary types.
/// </summary>
internal static class SqliteSerializer
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
        SerializationBinder = new CoreTypesBinder(),
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
    };

    public static string Serialize<T>(T value) => JsonConvert.SerializeObject(value, typeof(T), Settings);

    public static T Deserialize<T>(string json) =>
        JsonConvert.DeserializeObject<T>(json, Settings) ?? throw new JsonSerializationException($"stored {typeof(T).Name} is empty");

    private sealed class CoreTypesBinder : ISerializationBinder
    {
        private static readonly System.Reflection.Assembly Core = typeof(HistoryEvent).Assembly;
        private readonly DefaultSerializationBinder _inner = new();

        public Type BindToType(string? assemblyName, string typeName)
        {
            var type = _inner.BindToType(assemblyName, typeName);
            return type.Assembly == Core || type.Assembly == typeof(object).Assembly
                ? type
                : throw new JsonSerializationException($"type {typeName} is not allowed in the task hub database");
        }

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
            _inner.BindToName(serializedType, out assemblyName, out typeName);
    }
}
