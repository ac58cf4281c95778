using AgentFlow.Core.Diagnostics;

namespace AgentFlow.Core.Tests.Validation;

/// <summary>
/// The AF310 cases of the invalid corpus (invalid/150-*.json onwards): each wrong read is the only problem of its
/// file, and the hint names what does exist.
/// </summary>
public sealed class TypedOutputCorpusTests
{
    public static TheoryData<string, string> Hints => new()
    {
        { "150-recall-items-typo.json", "Did you mean 'items'?" },
        { "151-recall-item-field-typo.json", "Did you mean 'text'?" },
        { "152-remember-unknown-field.json", "'note' has: id, usage." },
        { "153-retrieve-results-typo-in-map-items.json", "Did you mean 'results'?" },
        { "154-retrieve-item-unknown-field.json", "'fetch.results.first' has: text, title, source, score, offset, chunk." },
        { "155-llm-text-only-read-as-structured.json", "'draft' has: text, usage, exchange." },
        { "156-llm-schema-field-typo-in-show.json", "Did you mean 'subject'?" },
        { "157-llm-schema-nested-field.json", "'classify.meta' has: score." },
        { "158-approval-field-typo-in-condition.json", "Did you mean 'approved'?" },
        { "159-approval-values-not-shown.json", "Did you mean 'subject'?" },
        { "160-approval-vote-field.json", "'review.votes[0]' has: by, approved, comment, at." },
        { "161-set-unknown-key.json", "Did you mean 'total'?" },
        { "162-map-items-typo.json", "Did you mean 'items'?" },
        { "163-map-item-of-inline-body.json", "Did you mean 'text'?" },
        { "164-loop-variable-unknown-field.json", "'article' has: text, title, source, score, offset, chunk." },
        { "165-switch-has-no-output.json", "adds nothing to the run state" },
        { "166-tool-declared-output-typo.json", "Did you mean 'status'?" },
        { "167-sub-workflow-output-typo.json", "Did you mean 'greeting'?" },
        { "168-output-reads-list-as-item.json", "'fetch.results[0].title'" },
        { "169-error-unknown-field.json", "'error' has: node, kind, message." },
        { "170-wait-has-no-output.json", "adds nothing to the run state" },
        { "171-string-field-read.json", "'calc.label' has: size, first, last." },
    };

    [Theory]
    [MemberData(nameof(Hints))]
    public void Validate_WrongFieldRead_IsTheOnlyDiagnosticAndHintsAtWhatExists(string name, string hint)
    {
        var diagnostics = Validate.File(Path.Combine(RepoPaths.InvalidCorpus, name));

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownOutputField, error.Code);
        Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
    }
}
