using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AgentFlow.Server.Auth;

/// <summary>
/// The console's sessions, in memory: a restart signs everyone out, and nothing about a session is written to disk.
/// A session id is 256 random bits; the store keys sessions by the id's SHA-256, so a memory dump shows no usable id.
/// </summary>
internal sealed class ConsoleSessionStore(TimeProvider? time = null)
{
    /// <summary>How long a session lasts after sign-in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Opens a session for <paramref name="operatorName"/>; returns the id for the cookie and the session.</summary>
    public (string Id, ConsoleSession Session) Create(string operatorName)
    {
        Prune();
        var id = Random();
        var session = new ConsoleSession(operatorName, Random(), _time.GetUtcNow() + Lifetime);
        _sessions[Key(id)] = session;
        return (id, session);
    }

    /// <summary>The live session of cookie value <paramref name="id"/>, or null.</summary>
    public ConsoleSession? Find(string id)
    {
        if (!_sessions.TryGetValue(Key(id), out var session))
        {
            return null;
        }

        if (session.Expires <= _time.GetUtcNow())
        {
            _sessions.TryRemove(Key(id), out _);
            return null;
        }

        return session;
    }

    /// <summary>Ends the session of cookie value <paramref name="id"/> (sign-out).</summary>
    public void Remove(string id) => _sessions.TryRemove(Key(id), out _);

    /// <summary>Compares a sent CSRF token with the session's in constant time.</summary>
    public static bool CsrfMatches(ConsoleSession session, string? sent) =>
        sent is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(session.CsrfToken), Encoding.UTF8.GetBytes(sent));

    private void Prune()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, session) in _sessions)
        {
            if (session.Expires <= now)
            {
                _sessions.TryRemove(key, out _);
            }
        }
    }

    private static string Random() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
