using AgentFlow.Core.Json;
using AgentFlow.Core.Model.Nodes;
using AgentFlow.Core.Templates;

namespace AgentFlow.Core.Validation.Trust;

public sealed partial class TrustReport
{
    /// <summary>
    /// The untrusted reads among <paramref name="reads"/> (made by node <paramref name="index"/> of
    /// <paramref name="scope"/>) that no approval shows first: an approval guaranteed to have run before the node whose
    /// <c>show</c> reads the same path or a path containing it (showing <c>classify</c> shows <c>classify.replyTo</c>).
    /// </summary>
    internal List<(TemplateRead Read, Taint Taint)> Unshown(IEnumerable<TemplateRead> reads, GraphScope scope, int index)
    {
        var untrusted = reads.Select(r => (Read: r, Taint: ReadTaint(r, scope))).Where(r => r.Taint.IsUntrusted).ToList();
        if (untrusted.Count == 0)
        {
            return untrusted;
        }

        var shown = ShownBefore(scope, index);
        return [.. untrusted.Where(r => !shown.Exists(s => Contains(s, r.Read)))];
    }

    /// <summary>Every path the <c>show</c> of an approval guaranteed to run before node <paramref name="index"/> reads.</summary>
    private static List<TemplateRead> ShownBefore(GraphScope scope, int index)
    {
        var shown = new List<TemplateRead>();
        NodeSet? available = scope.AvailableIn.Length > index ? scope.AvailableIn[index] : null;
        for (var s = scope; s is not null && available is not null;)
        {
            for (var i = 0; i < s.Nodes.Length; i++)
            {
                if (available.Value[i] && s.Nodes[i] is ApprovalNode { Show: { } show })
                {
                    foreach (var (_, text) in JsonStrings.Enumerate(show, JsonPaths.Root))
                    {
                        if (TemplateSyntax.HasMarkup(text))
                        {
                            shown.AddRange(TemplateSyntax.ParseTemplate(text).Reads);
                        }
                    }
                }
            }

            if (s.Owner is null || s.Parent is null)
            {
                break;
            }

            available = s.Parent.AvailableIn[s.Parent.Index[s.Owner.Id]];
            s = s.Parent;
        }

        return shown;
    }

    private static bool Contains(TemplateRead shown, TemplateRead read) =>
        shown.Root == read.Root && shown.Segments.Count <= read.Segments.Count
        && shown.Text(shown.Segments.Count) == read.Text(shown.Segments.Count);
}
