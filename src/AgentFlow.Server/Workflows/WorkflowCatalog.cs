using AgentFlow.Core.Loading;
using AgentFlow.Core.Paths;
using AgentFlow.Core.Validation;
using AgentFlow.Engine.Hosting;
using AgentFlow.Engine.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AgentFlow.Server.Workflows;

/// <summary>
/// The workflows the server may start: the <c>*.json</c> files directly in <see cref="ServerOptions.WorkflowsDirectory"/>,
/// read on each call (edits show at once; a run pins the definition it started with). A workflow is addressed by its
/// <c>name</c>, or by its file name without <c>.json</c>.
/// </summary>
public sealed class WorkflowCatalog(IOptions<ServerOptions> options, IConfiguration configuration)
{
    private readonly PathConfinement _paths = AllowPathsBinder.Read(configuration);

    /// <summary>The folder's full path.</summary>
    public string Folder { get; } = Path.GetFullPath(options.Value.WorkflowsDirectory);

    /// <summary>Every workflow file of the folder, sorted by file name; none when the folder does not exist.</summary>
    public async Task<IReadOnlyList<WorkflowEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var entries = new List<WorkflowEntry>();
        foreach (var file in Directory.GetFiles(Folder, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            entries.Add(await LoadAsync(file, cancellationToken).ConfigureAwait(false));
        }

        return entries;
    }

    /// <summary>The workflow called <paramref name="name"/> (by name, else by file name), or null.</summary>
    public async Task<WorkflowEntry?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(e => e.Name == name)
            ?? all.FirstOrDefault(e => string.Equals(Path.GetFileNameWithoutExtension(e.File), name, StringComparison.Ordinal));
    }

    /// <summary>Validates <paramref name="document"/> with the host's path rules and the built-in tools' output shapes.</summary>
    public IReadOnlyList<Core.Diagnostics.Diagnostic> Validate(WorkflowDocument document) =>
        WorkflowValidator.Validate(document, _paths, BuiltInTools.OutputShapes);

    private async Task<WorkflowEntry> LoadAsync(string file, CancellationToken cancellationToken)
    {
        var document = await WorkflowLoader.LoadFileAsync(file, cancellationToken).ConfigureAwait(false);
        var diagnostics = Validate(document);
        return new WorkflowEntry(document.Definition?.Name ?? Path.GetFileNameWithoutExtension(file), file, document, diagnostics);
    }
}
