using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Json;
using AgentFlow.Core.Model;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Loading;

/// <summary>Reads workflow files into <see cref="WorkflowDocument"/>s, keeping the position of every element.</summary>
public static class WorkflowLoader
{
    /// <summary>Largest file the loader accepts (16 MiB): far beyond any hand-written workflow.</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Reads and parses a file. Missing or unreadable files throw <see cref="IOException"/>-family errors.</summary>
    public static async Task<WorkflowDocument> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw Directory.Exists(path)
                ? new IOException($"{path}: is a directory, not a workflow file")
                : new FileNotFoundException($"{path}: no such file", path);
        }

        if (info.Length > MaxFileBytes)
        {
            return Failed(path, $"file is {info.Length / (1024 * 1024)} MiB; workflow files are limited to {MaxFileBytes / (1024 * 1024)} MiB", "Split the workflow into sub-workflows.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, path);
    }

    /// <summary>Parses workflow JSON held in memory; <paramref name="file"/> is used to name it in diagnostics.</summary>
    public static WorkflowDocument Parse(string json, string file) => Parse(Encoding.UTF8.GetBytes(json), file);

    /// <summary>Parses UTF-8 workflow JSON held in memory.</summary>
    public static WorkflowDocument Parse(byte[] utf8, string file)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentNullException.ThrowIfNull(file);
        if (utf8.Length > MaxFileBytes)
        {
            return Failed(file, $"document is larger than {MaxFileBytes / (1024 * 1024)} MiB", "Split the workflow into sub-workflows.");
        }

        var body = utf8.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? utf8[3..] : utf8;
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return Failed(file, "file is empty", "A workflow is a JSON object with \"name\", \"start\" and \"nodes\"; see workflows/hello.json.");
        }

        if (body.AsSpan().IndexOf((byte)0) >= 0)
        {
            return Failed(file, "file is binary (contains NUL bytes), not JSON text", "Pass a .json workflow file.");
        }

        if (!HasJsonValue(body))
        {
            return Failed(file, "file contains no JSON value (only whitespace or comments)", "A workflow is a JSON object with \"name\", \"start\" and \"nodes\"; see workflows/hello.json.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions
            {
                CommentHandling = WorkflowDocument.ReaderOptions.CommentHandling,
                AllowTrailingCommas = WorkflowDocument.ReaderOptions.AllowTrailingCommas,
                MaxDepth = WorkflowDocument.ReaderOptions.MaxDepth,
            });
        }
        catch (JsonException ex)
        {
            var location = new SourceLocation((int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);
            var reason = ex.Message.Split(" LineNumber:", 2)[0].ReplaceLineEndings(" ").TrimEnd('.', ' ');
            var sink = new DiagnosticSink(file, null);
            sink.AddAt(DiagnosticCodes.InvalidJson, location, JsonPaths.Root, $"not valid JSON: {reason}", "Fix the JSON syntax at this position.");
            return new WorkflowDocument(file, null, sink.Items, null);
        }

        using (document)
        {
            var map = JsonSourceMap.Build(body, WorkflowDocument.ReaderOptions);
            var sink = new DiagnosticSink(file, map);
            foreach (var (path, location) in map.Duplicates)
            {
                sink.AddAt(DiagnosticCodes.DuplicateKey, location, path, $"key '{LastSegment(path)}' appears more than once in the same object", "Remove or rename one of them; JSON keeps only the last.");
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                sink.Error(DiagnosticCodes.WrongType, JsonPaths.Root, $"a workflow must be a JSON object, not {ObjectReader.Describe(root)}", "Start the file with { \"name\": ..., \"start\": ..., \"nodes\": { ... } }.");
                return new WorkflowDocument(file, null, sink.Items, map);
            }

            var definition = ReadWorkflow(root, sink, Convert.ToHexStringLower(SHA256.HashData(body)));

            // The secret scan parses every template of the file once: as a pass, so a large file fills the shared
            // template cache up to its limit instead of clearing it again and again.
            using var pass = TemplateSyntax.BeginPass();
            SecretScanner.Scan(root, JsonPaths.Root, sink);
            return new WorkflowDocument(file, definition, sink.Items, map);
        }
    }

    private static WorkflowDefinition ReadWorkflow(JsonElement root, DiagnosticSink sink, string hash)
    {
        var r = new ObjectReader(root, JsonPaths.Root, WorkflowFields.Sections["workflow"], sink, "the workflow");
        var nodes = r.Element("nodes") is { } n ? new NodeReader(sink).ReadNodes(n, r.PathOf("nodes")) : new Dictionary<string, WorkflowNode>();
        return new WorkflowDefinition
        {
            Name = r.String("name") ?? string.Empty,
            Version = r.String("version"),
            Description = r.String("description"),
            Inputs = ReadMap(r, "inputs", "input", sink, SectionReaders.Input),
            Models = ReadMap(r, "models", "model", sink, SectionReaders.Model),
            Agents = ReadMap(r, "agents", "agent", sink, SectionReaders.Agent),
            Sources = ReadMap(r, "sources", "source", sink, SectionReaders.Source),
            Tools = ReadMap(r, "tools", "tool", sink, SectionReaders.Tool),
            Triggers = ReadMap(r, "triggers", "trigger", sink, TriggerReader.Read),
            Budget = r.Element("budget") is { } budget ? BudgetReader.Workflow(budget, r.PathOf("budget"), sink) : null,
            Guardrails = r.Element("guardrails") is { } guardrails ? ReadGuardrails(guardrails, r.PathOf("guardrails"), sink) : GuardrailsDefinition.Default,
            Start = r.String("start") ?? string.Empty,
            Nodes = nodes,
            Output = r.Element("output"),
            ContentHash = hash,
        };
    }

    private static GuardrailsDefinition ReadGuardrails(JsonElement element, string path, DiagnosticSink sink)
    {
        var r = new ObjectReader(element, path, WorkflowFields.Sections["guardrails"], sink, "guardrails");
        var spotlight = r.String("spotlight") switch
        {
            "datamark" => SpotlightMode.Datamark,
            "off" => SpotlightMode.Off,
            _ => SpotlightMode.Delimit,
        };
        return new GuardrailsDefinition(r.Bool("enabled") ?? true, spotlight);
    }

    private static Dictionary<string, T> ReadMap<T>(
        ObjectReader parent, string property, string what, DiagnosticSink sink, Func<string, JsonElement, string, DiagnosticSink, T?> read)
        where T : class
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        if (parent.Element(property) is not { } map)
        {
            return result;
        }

        foreach (var entry in map.EnumerateObject())
        {
            var path = JsonPaths.Property(parent.PathOf(property), entry.Name);
            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                sink.Error(DiagnosticCodes.WrongType, path, $"{what} '{entry.Name}' must be an object, not {ObjectReader.Describe(entry.Value)}", $"Write the {what} as {{ ... }}.");
                continue;
            }

            if (read(entry.Name, entry.Value, path, sink) is { } value)
            {
                result.TryAdd(entry.Name, value);
            }
        }

        return result;
    }

    /// <summary>False when the text holds nothing but whitespace and comments.</summary>
    private static bool HasJsonValue(ReadOnlySpan<byte> utf8)
    {
        var i = 0;
        while (i < utf8.Length)
        {
            if (utf8[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
            }
            else if (utf8[i..].StartsWith("//"u8))
            {
                var end = utf8[i..].IndexOf((byte)'\n');
                i = end < 0 ? utf8.Length : i + end + 1;
            }
            else if (utf8[i..].StartsWith("/*"u8))
            {
                var end = utf8[(i + 2)..].IndexOf("*/"u8);
                i = end < 0 ? utf8.Length : i + 2 + end + 2;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private static string LastSegment(string path)
    {
        var cut = path.LastIndexOf('.');
        var quoted = path.LastIndexOf("['", StringComparison.Ordinal);
        return quoted > cut ? path[(quoted + 2)..^2] : path[(cut + 1)..];
    }

    private static WorkflowDocument Failed(string file, string message, string hint)
    {
        var sink = new DiagnosticSink(file, null);
        sink.Error(DiagnosticCodes.InvalidJson, JsonPaths.Root, message, hint);
        return new WorkflowDocument(file, null, sink.Items, null);
    }
}
