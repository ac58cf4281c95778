using System.Collections;
using System.Diagnostics;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>
/// The collection an in-memory span exporter adds to: spans end on many threads at once (tests run in parallel), so
/// every access takes the lock, and readers take a <see cref="Snapshot"/>. Shared by the span helpers of the test
/// projects (linked into Agents, Memory and Cli tests).
/// </summary>
internal sealed class ExportedSpans : ICollection<Activity>
{
    private readonly List<Activity> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans exported so far, in the order they ended.</summary>
    public List<Activity> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(Activity item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
