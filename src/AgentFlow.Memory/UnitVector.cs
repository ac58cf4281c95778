using System.Numerics.Tensors;

namespace AgentFlow.Memory;

/// <summary>L2 normalisation shared by the memory stores: stored vectors have norm 1, so a dot product is the cosine.</summary>
internal static class UnitVector
{
    /// <summary>A normalised copy of <paramref name="vector"/> (all zeros stay zeros).</summary>
    /// <exception cref="ArgumentException"><paramref name="vector"/> does not have <paramref name="dimensions"/> floats.</exception>
    public static float[] Normalise(float[] vector, int dimensions, string parameter)
    {
        ArgumentNullException.ThrowIfNull(vector, parameter);
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"the vector has {vector.Length} dimensions; this store holds {dimensions}", parameter);
        }

        var norm = TensorPrimitives.Norm(vector);
        var result = new float[vector.Length];
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, result);
        }

        return result;
    }
}
