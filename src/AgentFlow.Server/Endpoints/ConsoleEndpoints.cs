using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentFlow.Server.Endpoints;

/// <summary>
/// The web console: plain HTML, CSS and JavaScript embedded in this assembly (<c>wwwroot/</c>), served at
/// <c>/console/</c> (<c>/</c> redirects there). The pages call the API with the session cookie; they hold no data of
/// their own. Every file is sent with a strict Content-Security-Policy: scripts and styles only from this origin.
/// </summary>
internal static class ConsoleEndpoints
{
    private const string Prefix = "AgentFlow.Server.wwwroot.";

    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static void Map(IEndpointRouteBuilder app)
    {
        var assembly = typeof(ConsoleEndpoints).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n => n, StringComparer.Ordinal);

        app.MapGet("/", () => Results.Redirect("/console/")).ExcludeFromDescription();
        // Routing ignores a trailing slash: this also answers /console and /console/ (with index.html).
        app.MapGet("/console/{file?}", (string? file, HttpContext http) =>
        {
            var name = string.IsNullOrEmpty(file) ? "index.html" : file;
            if (!files.TryGetValue(name, out var resource) || !Types.TryGetValue(Path.GetExtension(name), out var type))
            {
                return Results.NotFound();
            }

            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            // Always revalidated, so a new server version's console is picked up at once.
            headers.CacheControl = "no-cache";
            return Results.Stream(Open(assembly, resource), type);
        }).ExcludeFromDescription();
    }

    private static Stream Open(Assembly assembly, string resource) =>
        assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"console file {resource} is missing from the assembly");
}
