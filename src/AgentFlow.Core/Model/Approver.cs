using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace AgentFlow.Core.Model;

/// <summary>
/// Who may decide an approval: <c>user:NAME</c> (one operator) or <c>role:ROLE</c> (every operator with that role).
/// Parsed once, where a workflow is read; every place that decides whether an operator may decide asks
/// <see cref="Admits"/>. In JSON (run status, activity inputs) an approver is its text, e.g. <c>"role:finance"</c>.
/// </summary>
[JsonConverter(typeof(ApproverJsonConverter))]
public sealed partial record Approver
{
    private const string UserPrefix = "user:";
    private const string RolePrefix = "role:";

    private Approver(ApproverKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>What to write instead of an approver that does not parse.</summary>
    public static string Hint => "Write approvers as \"user:alice\" or \"role:finance\".";

    /// <summary>A user or a role.</summary>
    public ApproverKind Kind { get; }

    /// <summary>The operator's name (<see cref="ApproverKind.User"/>) or the role (<see cref="ApproverKind.Role"/>).</summary>
    public string Name { get; }

    /// <summary>The approver <c>user:NAME</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not letters, digits, <c>_ . @ -</c>.</exception>
    public static Approver User(string name) => Create(ApproverKind.User, name);

    /// <summary>The approver <c>role:ROLE</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="role"/> is not letters, digits, <c>_ . @ -</c>.</exception>
    public static Approver Role(string role) => Create(ApproverKind.Role, role);

    /// <summary>Reads <c>user:NAME</c> or <c>role:ROLE</c> (names: letters, digits, <c>_ . @ -</c>; case-sensitive).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Approver? approver)
    {
        approver = null;
        if (text is null || !Pattern().IsMatch(text))
        {
            return false;
        }

        approver = text.StartsWith(UserPrefix, StringComparison.Ordinal)
            ? new Approver(ApproverKind.User, text[UserPrefix.Length..])
            : new Approver(ApproverKind.Role, text[RolePrefix.Length..]);
        return true;
    }

    /// <summary>Reads <c>user:NAME</c> or <c>role:ROLE</c>.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is neither; the message says what to write.</exception>
    public static Approver Parse(string text) => TryParse(text, out var approver)
        ? approver
        : throw new FormatException($"approver '{text}' is neither 'user:NAME' nor 'role:ROLE'. {Hint}");

    /// <summary>
    /// True when the operator <paramref name="name"/> with <paramref name="roles"/> may decide: this is
    /// <c>user:</c><paramref name="name"/>, or <c>role:ROLE</c> with ROLE among <paramref name="roles"/> (ordinal).
    /// </summary>
    public bool Admits(string name, IEnumerable<string>? roles) => Kind == ApproverKind.User
        ? string.Equals(Name, name, StringComparison.Ordinal)
        : roles is not null && roles.Contains(Name, StringComparer.Ordinal);

    /// <summary>True when one of <paramref name="approvers"/> <see cref="Admits"/> the operator.</summary>
    public static bool AnyAdmits(IEnumerable<Approver> approvers, string name, IEnumerable<string>? roles)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        return approvers.Any(a => a.Admits(name, roles));
    }

    /// <summary>The approver as written: <c>user:NAME</c> or <c>role:ROLE</c>.</summary>
    public override string ToString() => (Kind == ApproverKind.User ? UserPrefix : RolePrefix) + Name;

    private static Approver Create(ApproverKind kind, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NamePattern().IsMatch(name)
            ? new Approver(kind, name)
            : throw new ArgumentException($"'{name}' is not a valid approver name: use letters, digits, '_', '.', '@' or '-'.", nameof(name));
    }

    [GeneratedRegex("^(user|role):[A-Za-z0-9_.@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex("^[A-Za-z0-9_.@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
