using System.Text.Json;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Model;

namespace AgentFlow.Core.Loading;

/// <summary>Readers for the declaration sections: inputs, models, agents, sources and tools.</summary>
internal static class SectionReaders
{
    public static InputDefinition? Input(string name, JsonElement element, string path, DiagnosticSink sink)
    {
        var what = $"input '{name}'";
        if (!Identifiers.IsValid(name))
        {
            sink.Error(DiagnosticCodes.InvalidIdentifier, path, $"{what} is not a valid identifier", Identifiers.Explain(name));
        }

        var r = new ObjectReader(element, path, WorkflowFields.Sections["input"], sink, what);
        var type = r.String("type") ?? "string";
        var defaultValue = r.Element("default");
        if (defaultValue is { } d && !Matches(type, d))
        {
            sink.Error(DiagnosticCodes.InvalidValue, r.PathOf("default"), $"default of {what} is {ObjectReader.Describe(d)}, but the input's type is '{type}'", $"Give a default of type {type}.");
        }

        IReadOnlyList<JsonElement>? allowed = null;
        if (r.Element("enum") is { } e)
        {
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0)
            {
                sink.Error(DiagnosticCodes.WrongType, r.PathOf("enum"), $"'enum' of {what} must be a non-empty array", "List the allowed values, e.g. [\"low\", \"high\"].");
            }
            else
            {
                allowed = [.. e.EnumerateArray()];
            }
        }

        return new InputDefinition(name, type, defaultValue, r.Bool("required") ?? defaultValue is null, r.String("description"), allowed, path)
        {
            Untrusted = r.Bool("untrusted") ?? false,
        };
    }

    public static ModelDefinition? Model(string name, JsonElement element, string path, DiagnosticSink sink)
    {
        var what = $"model '{name}'";
        var r = new ObjectReader(element, path, WorkflowFields.Sections["model"], sink, what);
        var provider = r.String("provider") ?? string.Empty;
        if (provider is "openai" or "azure-openai" && !r.Has("model"))
        {
            sink.Error(DiagnosticCodes.MissingProperty, path, $"{what} uses provider '{provider}' but names no 'model'", provider == "openai" ? "Add \"model\", e.g. \"gpt-4o-mini\"." : "Add \"model\": the Azure OpenAI deployment name.");
        }

        if (provider == "azure-openai" && !r.Has("baseUrl"))
        {
            sink.Error(DiagnosticCodes.MissingProperty, path, $"{what} uses provider 'azure-openai' but names no 'baseUrl'", "Add \"baseUrl\": the resource endpoint, e.g. \"https://NAME.openai.azure.com\".");
        }

        return new ModelDefinition(name, provider, r.String("model"), r.String("baseUrl"), r.String("apiKeyEnv"), path, r.String("maxTokensField"));
    }

    public static AgentDefinition? Agent(string name, JsonElement element, string path, DiagnosticSink sink)
    {
        var what = $"agent '{name}'";
        var r = new ObjectReader(element, path, WorkflowFields.Sections["agent"], sink, what);
        var recall = 0;
        if (r.Element("memory") is { } memory)
        {
            recall = new ObjectReader(memory, r.PathOf("memory"), WorkflowFields.Sections["memory"], sink, $"memory of {what}").Int("recall", 0) ?? 0;
        }

        var budget = r.Element("budget") is { } b ? BudgetReader.Agent(name, b, r.PathOf("budget"), sink) : null;
        var guards = r.Element("guards") is { } g ? GuardReader.Agent(name, g, r.PathOf("guards"), sink) : null;
        return new AgentDefinition(name, r.String("model") ?? string.Empty, r.String("instructions"), recall, path, budget, guards);
    }

    public static SourceDefinition? Source(string name, JsonElement element, string path, DiagnosticSink sink)
    {
        var what = $"source '{name}'";
        var r = new ObjectReader(element, path, WorkflowFields.Sections["source"], sink, what);
        var kind = r.String("kind") ?? string.Empty;
        var needed = kind switch
        {
            "files" when !r.Has("path") => "\"path\" (a glob such as \"data/articles/*.md\")",
            "rss" when !r.Has("path") && !r.Has("url") => "\"path\" (a feed file) or \"url\"",
            "http" when !r.Has("url") => "\"url\"",
            _ => null,
        };
        if (needed is not null)
        {
            sink.Error(DiagnosticCodes.MissingProperty, path, $"{what} of kind '{kind}' needs {needed}", $"Add {needed}.");
        }

        return new SourceDefinition(name, kind, r.String("path"), r.String("url"), path);
    }

    public static ToolDefinition? Tool(string name, JsonElement element, string path, DiagnosticSink sink)
    {
        var what = $"tool '{name}'";
        var kind = element.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : string.Empty;
        var fields = WorkflowFields.ToolKindFields.TryGetValue(kind, out var specific)
            ? ObjectReader.Concat(WorkflowFields.ToolCommon, specific)
            : WorkflowFields.ToolCommon;
        var r = new ObjectReader(element, path, fields, sink, what);

        // A tool with a bad kind is still declared (the kind error is already reported), so nodes using it
        // do not also get a misleading "not declared".
        r.Int("maxResponseBytes", 1);
        var risk = r.String("risk") switch
        {
            "high" => ToolRisk.High,
            "medium" => ToolRisk.Medium,
            _ => ToolRisk.Low,
        };

        // A tool whose risk is missing or invalid is treated as high so that AF401 stays conservative.
        if (r.String("risk") is null)
        {
            risk = ToolRisk.High;
        }

        return new ToolDefinition(name, kind, risk, element.Clone(), path)
        {
            Output = r.Element("output"),
            Sensitive = r.Has("sensitive") ? r.Strings("sensitive") : null,
        };
    }

    /// <summary>Whether <paramref name="value"/> is of the declared input <paramref name="type"/>.</summary>
    internal static bool Matches(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };
}
