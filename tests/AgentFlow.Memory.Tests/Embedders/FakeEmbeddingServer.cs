using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentFlow.Memory.Tests.Embedders;

/// <summary>An OpenAI-compatible <c>/embeddings</c> endpoint on 127.0.0.1: a fixed vector per input word count, recording requests.</summary>
internal sealed class FakeEmbeddingServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeEmbeddingServer(int dimensions, int status = 200)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(dimensions, status));
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    public List<(string Path, JsonNode Body, string? Authorization)> Requests { get; } = [];

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync(int dimensions, int status)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            lock (Requests)
            {
                Requests.Add((context.Request.Url!.AbsolutePath, body, context.Request.Headers["Authorization"]));
            }

            var vector = Enumerable.Range(0, dimensions).Select(i => (float)(i % 3) + 1f).ToArray();
            JsonNode embedding = body["encoding_format"]?.GetValue<string>() == "base64"
                ? Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray())
                : new JsonArray([.. vector.Select(v => (JsonNode)v)]);
            var answer = status == 200
                ? new JsonObject
                {
                    ["object"] = "list",
                    ["data"] = new JsonArray(new JsonObject { ["object"] = "embedding", ["index"] = 0, ["embedding"] = embedding }),
                    ["model"] = body["model"]?.GetValue<string>(),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["total_tokens"] = 3 },
                }
                : new JsonObject { ["error"] = new JsonObject { ["message"] = "quota exceeded", ["type"] = "insufficient_quota" } };
            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
