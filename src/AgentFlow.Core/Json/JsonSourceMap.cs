using System.Text;
using System.Text.Json;
using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Json;

/// <summary>
/// Line/column of every element of a JSON document, keyed by JSON path, plus the duplicate keys the document has.
/// System.Text.Json's DOM drops positions, so one extra forward-only pass over the bytes recovers them.
/// </summary>
internal sealed class JsonSourceMap
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private readonly List<(string Path, SourceLocation Location)> _duplicates = [];
    private readonly int[] _lineStarts;
    private readonly byte[] _utf8;

    private JsonSourceMap(byte[] utf8)
    {
        _utf8 = utf8;
        _lineStarts = ComputeLineStarts(utf8);
    }

    /// <summary>Keys that appear more than once in the same object (the later occurrences).</summary>
    public IReadOnlyList<(string Path, SourceLocation Location)> Duplicates => _duplicates;

    /// <summary>Builds the map; the document must already be known to be well-formed.</summary>
    public static JsonSourceMap Build(byte[] utf8, JsonReaderOptions options)
    {
        var map = new JsonSourceMap(utf8);
        map.Walk(options);
        return map;
    }

    /// <summary>The location of the element at <paramref name="path"/>, or of its nearest recorded ancestor.</summary>
    public SourceLocation Find(string path)
    {
        var current = path;
        while (true)
        {
            if (_locations.TryGetValue(current, out var location))
            {
                return location;
            }

            var cut = Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0)
            {
                return SourceLocation.Start;
            }

            current = current[..cut];
        }
    }

    /// <summary>Converts a byte offset into a 1-based line and character column.</summary>
    public SourceLocation LocationOf(long byteOffset)
    {
        var line = Array.BinarySearch(_lineStarts, (int)byteOffset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var start = _lineStarts[line];
        var column = Encoding.UTF8.GetCharCount(_utf8, start, (int)byteOffset - start) + 1;
        return new SourceLocation(line + 1, column);
    }

    private static int[] ComputeLineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private void Walk(JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(_utf8, options);

        // Each open container: its path, the next array index, and (for objects) the keys seen so far.
        var stack = new Stack<(string Path, int Index, HashSet<string>? Keys)>();
        string? pendingProperty = null;

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    var (parent, _, keys) = stack.Peek();
                    var name = reader.GetString()!;
                    pendingProperty = JsonPaths.Property(parent, name);
                    var location = LocationOf(reader.TokenStartIndex);
                    if (!keys!.Add(name))
                    {
                        _duplicates.Add((pendingProperty, location));
                    }
                    else
                    {
                        _locations[pendingProperty] = location;
                    }

                    continue;
                }

                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    continue;

                case JsonTokenType.Comment:
                    continue;
            }

            var path = ValuePath(stack, pendingProperty, reader.TokenStartIndex);
            pendingProperty = null;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                stack.Push((path, 0, new HashSet<string>(StringComparer.Ordinal)));
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                stack.Push((path, 0, null));
            }
        }
    }

    private string ValuePath(Stack<(string Path, int Index, HashSet<string>? Keys)> stack, string? property, long offset)
    {
        if (stack.Count == 0)
        {
            _locations[JsonPaths.Root] = LocationOf(offset);
            return JsonPaths.Root;
        }

        if (property is not null)
        {
            // Members are located at their key, which is where an editor puts the cursor for the member.
            return property;
        }

        var (parent, index, keys) = stack.Pop();
        stack.Push((parent, index + 1, keys));
        var path = JsonPaths.Index(parent, index);
        _locations[path] = LocationOf(offset);
        return path;
    }
}
