using System.Runtime.CompilerServices;

namespace AgentFlow.Memory;

/// <summary>The top-k bookkeeping of every vector scan: a min-heap that keeps only its best entries.</summary>
internal static class BoundedHeap
{
    /// <summary>
    /// Adds <paramref name="element"/> to <paramref name="heap"/>; once it holds <paramref name="capacity"/> entries,
    /// the lowest-priority one (perhaps the new one) is dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Offer<TElement, TPriority>(this PriorityQueue<TElement, TPriority> heap, int capacity, TElement element, TPriority priority)
    {
        if (heap.Count < capacity)
        {
            heap.Enqueue(element, priority);
        }
        else
        {
            heap.EnqueueDequeue(element, priority);
        }
    }
}
