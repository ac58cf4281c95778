using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>
/// Serializes Durable Task messages, history events and states for storage. History events are polymorphic, so
/// type names are written; the binder only admits DurableTask.Core types, so a tampered database cannot make the
/// engine instantiate arbitrary types. One serializer is shared (it keeps no per-call state) and type names are
/// looked up once per type: the text is the same as <c>JsonConvert</c> with these settings writes, at a fraction of
/// the cost per call.
/// </summary>
internal static class SqliteSerializer
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
        SerializationBinder = new CoreTypesBinder(),
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
    };

    private static readonly JsonSerializer Serializer = CreateSerializer();

    public static string Serialize<T>(T value)
    {
        var text = new StringBuilder(256);
        using (var writer = new JsonTextWriter(new StringWriter(text, CultureInfo.InvariantCulture)))
        {
            writer.Formatting = Serializer.Formatting;
            Serializer.Serialize(writer, value, typeof(T));
        }

        return text.ToString();
    }

    public static T Deserialize<T>(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json));
        return Serializer.Deserialize<T>(reader) ?? throw new JsonSerializationException($"stored {typeof(T).Name} is empty");
    }

    private static JsonSerializer CreateSerializer()
    {
        var serializer = JsonSerializer.Create(Settings);
        serializer.CheckAdditionalContent = true;
        return serializer;
    }

    private sealed class CoreTypesBinder : ISerializationBinder
    {
        private static readonly System.Reflection.Assembly Core = typeof(HistoryEvent).Assembly;
        private readonly DefaultSerializationBinder _inner = new();
        private readonly ConcurrentDictionary<Type, (string? Assembly, string? Type)> _names = new();

        public Type BindToType(string? assemblyName, string typeName)
        {
            var type = _inner.BindToType(assemblyName, typeName);
            return type.Assembly == Core || type.Assembly == typeof(object).Assembly
                ? type
                : throw new JsonSerializationException($"type {typeName} is not allowed in the task hub database");
        }

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
        {
            (assemblyName, typeName) = _names.GetOrAdd(serializedType, static (type, inner) =>
            {
                inner.BindToName(type, out var assembly, out var name);
                return (assembly, name);
            }, _inner);
        }
    }
}
