using System.Runtime.InteropServices;
using System.Text;

namespace AgentFlow.Memory.Retrieval;

/// <summary>
/// One source's whole index as stored in its blob by <see cref="BlobRetrievalIndex"/>: a small binary format (magic,
/// version, the embedder and its dimensions, the source, the chunker, a revision) followed by every document (id,
/// content hash) with its chunks (ordinal, offset, title, citation, text, BM25 terms and length, float32
/// little-endian embedding). Documents are kept in ordinal id order, chunks in ordinal order, so the rows of a search
/// come out in the same order as the SQLite index's.
/// </summary>
internal sealed class RetrievalBlob
{
    private const int Magic = 0x49524641; // "AFRI"
    private const int FormatVersion = 1;

    private RetrievalBlob(string embedder, int dimensions)
    {
        Embedder = embedder;
        Dimensions = dimensions;
    }

    /// <summary>Name of the embedder the vectors came from.</summary>
    public string Embedder { get; }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Name of the chunker that chunked the documents.</summary>
    public string Chunker { get; private set; } = string.Empty;

    /// <summary>Moves on with every write.</summary>
    public long Revision { get; private set; }

    /// <summary>The documents by id (ordinal order).</summary>
    public SortedDictionary<string, StoredDocument> Documents { get; } = new(StringComparer.Ordinal);

    private string Kind { get; set; } = string.Empty;

    private string SourceLocation { get; set; } = string.Empty;

    private long IndexedTicks { get; set; }

    /// <summary>A namespace with no document yet.</summary>
    public static RetrievalBlob Empty(string embedder, int dimensions) => new(embedder, dimensions);

    /// <summary>A copy to change: the documents' map is new, the documents themselves (immutable) are shared.</summary>
    public RetrievalBlob Copy()
    {
        var copy = new RetrievalBlob(Embedder, Dimensions)
        {
            Kind = Kind,
            SourceLocation = SourceLocation,
            Chunker = Chunker,
            Revision = Revision,
            IndexedTicks = IndexedTicks,
        };
        foreach (var (id, document) in Documents)
        {
            copy.Documents.Add(id, document);
        }

        return copy;
    }

    /// <summary>Parses what <see cref="ToBinaryData"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The content is not a retrieval index blob of a known version.</exception>
    public static RetrievalBlob Parse(BinaryData data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var reader = new BinaryReader(data.ToStream(), Encoding.UTF8, leaveOpen: false);
        try
        {
            if (reader.ReadInt32() != Magic || reader.ReadInt32() is var version && version != FormatVersion)
            {
                throw new InvalidDataException($"the retrieval index blob '{name}' is not in format version {FormatVersion}; delete it, it is rebuilt from its source");
            }

            var blob = new RetrievalBlob(reader.ReadString(), reader.ReadInt32())
            {
                Kind = reader.ReadString(),
                SourceLocation = reader.ReadString(),
                Chunker = reader.ReadString(),
                Revision = reader.ReadInt64(),
                IndexedTicks = reader.ReadInt64(),
            };
            var documents = reader.ReadInt32();
            for (var d = 0; d < documents; d++)
            {
                var id = reader.ReadString();
                var hash = reader.ReadString();
                var chunks = new StoredChunk[reader.ReadInt32()];
                for (var c = 0; c < chunks.Length; c++)
                {
                    chunks[c] = ReadChunk(reader, blob.Dimensions);
                }

                blob.Documents[id] = new StoredDocument(hash, chunks);
            }

            return blob;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"the retrieval index blob '{name}' is truncated; delete it, it is rebuilt from its source", ex);
        }
    }

    /// <summary>The blob's bytes.</summary>
    public BinaryData ToBinaryData()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Embedder);
            writer.Write(Dimensions);
            writer.Write(Kind);
            writer.Write(SourceLocation);
            writer.Write(Chunker);
            writer.Write(Revision);
            writer.Write(IndexedTicks);
            writer.Write(Documents.Count);
            foreach (var (id, document) in Documents)
            {
                writer.Write(id);
                writer.Write(document.Hash);
                writer.Write(document.Chunks.Count);
                foreach (var chunk in document.Chunks)
                {
                    WriteChunk(writer, chunk);
                }
            }
        }

        return new BinaryData(stream.ToArray());
    }

    /// <summary>The same change as <see cref="SqliteRetrievalIndex.ApplyAsync"/>, on this copy.</summary>
    public void Apply(ResolvedSource source, string chunker, IReadOnlyList<IndexedDocument> upserts, IReadOnlyCollection<string> removals, bool forgetHashes, DateTime now)
    {
        Kind = source.Kind;
        SourceLocation = source.Location;
        Chunker = chunker;
        IndexedTicks = now.Ticks;
        Revision++;
        if (forgetHashes)
        {
            foreach (var id in Documents.Keys.ToList())
            {
                Documents[id] = Documents[id] with { Hash = string.Empty };
            }
        }

        foreach (var id in removals)
        {
            Documents.Remove(id);
        }

        foreach (var document in upserts)
        {
            var chunks = new List<StoredChunk>(document.Chunks.Count);
            foreach (var indexed in document.Chunks)
            {
                if (indexed.Embedding.Length != Dimensions)
                {
                    throw new ArgumentException($"chunk {indexed.Chunk.Ordinal} of '{indexed.Chunk.DocumentId}' has {indexed.Embedding.Length} dimensions; the index holds {Dimensions}", nameof(upserts));
                }

                var chunk = indexed.Chunk;
                var terms = indexed.Terms.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).ToArray();
                chunks.Add(new StoredChunk(chunk.Ordinal, chunk.Offset, chunk.Title, chunk.Source, chunk.Text, indexed.Length, terms, indexed.Embedding));
            }

            Documents[document.Document.Id] = new StoredDocument(document.Document.ContentHash, [.. chunks.OrderBy(c => c.Ordinal)]);
        }
    }

    private static StoredChunk ReadChunk(BinaryReader reader, int dimensions)
    {
        var (ordinal, start, title, citation, text, length) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadInt32());
        var terms = new (string Term, int Tf)[reader.ReadInt32()];
        for (var t = 0; t < terms.Length; t++)
        {
            terms[t] = (reader.ReadString(), reader.ReadInt32());
        }

        var bytes = reader.ReadBytes(dimensions * sizeof(float));
        if (bytes.Length != dimensions * sizeof(float))
        {
            throw new EndOfStreamException();
        }

        return new StoredChunk(ordinal, start, title, citation, text, length, terms, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    private static void WriteChunk(BinaryWriter writer, StoredChunk chunk)
    {
        writer.Write(chunk.Ordinal);
        writer.Write(chunk.Start);
        writer.Write(chunk.Title);
        writer.Write(chunk.Citation);
        writer.Write(chunk.Text);
        writer.Write(chunk.Length);
        writer.Write(chunk.Terms.Count);
        foreach (var (term, tf) in chunk.Terms)
        {
            writer.Write(term);
            writer.Write(tf);
        }

        writer.Write(MemoryMarshal.AsBytes(chunk.Embedding.AsSpan()));
    }

    /// <summary>A document's content hash and chunks.</summary>
    public sealed record StoredDocument(string Hash, IReadOnlyList<StoredChunk> Chunks);

    /// <summary>One chunk: where it is, what to cite, its BM25 terms and length, and its L2-normalised embedding.</summary>
    public sealed record StoredChunk(int Ordinal, int Start, string Title, string Citation, string Text, int Length, IReadOnlyList<(string Term, int Tf)> Terms, float[] Embedding);
}
