using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;

namespace AgentFlow.Core.Templates;

/// <summary>An output statement whose value carries untrusted data: renders it, then marks it with the render's <see cref="SpotlightMarkers"/>.</summary>
internal sealed class SpotlightStatement(Statement inner) : Statement
{
    /// <summary>The <see cref="TemplateContext.AmbientValues"/> key of the render's markers.</summary>
    public const string MarkersKey = "agentflow.spotlight";

    /// <summary>The <see cref="TemplateContext.AmbientValues"/> key of a flag set when something was marked.</summary>
    public const string MarkedKey = "agentflow.spotlight.marked";

    public Statement Inner { get; } = inner;

    public override async ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context)
    {
        if (!context.AmbientValues.TryGetValue(MarkersKey, out var value) || value is not SpotlightMarkers markers)
        {
            return await Inner.WriteToAsync(writer, encoder, context).ConfigureAwait(false);
        }

        using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var completion = await Inner.WriteToAsync(buffer, encoder, context).ConfigureAwait(false);
        var text = buffer.ToString();
        if (text.Trim().Length > 0)
        {
            context.AmbientValues[MarkedKey] = true;
            await writer.WriteAsync(markers.Mark(text)).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteAsync(text).ConfigureAwait(false);
        }

        return completion;
    }
}
