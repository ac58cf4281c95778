using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;

namespace AgentFlow.Server.Tests;

/// <summary>An open Server-Sent Events stream of the server, read event by event.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _items;

    private EventStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items)
    {
        _response = response;
        _items = items;
    }

    public static async Task<EventStream> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new EventStream(response, SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken));
    }

    /// <summary>Reads events until one of type <paramref name="type"/> matches <paramref name="match"/>; returns its data.</summary>
    public async Task<JsonObject> WaitForAsync(string type, Func<JsonObject, bool> match)
    {
        while (await _items.MoveNextAsync())
        {
            var item = _items.Current;
            if (item.EventType == type && JsonNode.Parse(item.Data) is JsonObject data && match(data))
            {
                return data;
            }
        }

        throw new InvalidOperationException($"the event stream ended before a '{type}' event");
    }

    public async ValueTask DisposeAsync()
    {
        await _items.DisposeAsync();
        _response.Dispose();
    }
}
