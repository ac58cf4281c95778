using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Agents.Local;

/// <summary>
/// The offline, deterministic language model behind the <c>local</c> provider: a pure in-process text engine with no
/// network, no randomness and no culture dependence, so the same request always yields byte-identical output.
/// </summary>
/// <remarks>
/// <para><b>How it reads a prompt.</b> Leading imperative sentences of a paragraph ("Write ...", "Summarise: ...",
/// "List ...", "Classify ...") and rule lists after an instruction ending in ':' are the instruction; the rest is
/// content. Context passages (recalled memories) are extra content at half weight. The instruction picks the task:</para>
/// <list type="bullet">
/// <item><b>greeting</b> ("greet", "greeting", "welcome"): "Hello {name}!" with the name from "for Ana"/"greet Ana" or
/// the content's "Hello Ana", plus the content's "Welcome to ..." sentence, then a summary; the greeting counts as one
/// of the requested sentences.</item>
/// <item><b>classify</b> ("classify", "categorise", "which category"): the label whose keywords best match the
/// content, from rules such as <c>- refund: refund, money back</c>, <c>"billing" if it mentions invoice or payment</c>
/// or <c>billing (invoices, charges), support (bugs, errors)</c>; ties keep the earlier label; with no match the
/// stated default ("otherwise general", "anything else") or the first label.</item>
/// <item><b>summarise</b> (also the default): the top-ranked content sentences in original order, as many as asked
/// ("in two sentences", "two or three sentences" = 3, "one paragraph" = 3; default 3), within the token budget.</item>
/// <item><b>keywords</b> ("keywords", "topics", "tags"): comma-separated top terms and frequent pairs (default 5).</item>
/// <item><b>title</b> ("subject", "title", "headline"): a <c>Title:</c>/<c>Subject:</c> field, else the best sentence
/// (cut to its first clause when long), else top terms in title case.</item>
/// </list>
/// <para><b>Output schemas.</b> With <see cref="LocalCompletionRequest.OutputSchema"/> the answer is a JSON value that
/// validates against it; each property is filled by its name, then its description: a matching <c>Key: value</c> line
/// of the content first; <c>subject</c>/<c>title</c> a title; <c>summary</c>/<c>text</c>/<c>body</c> a summary (count
/// from the description, e.g. "Two-sentence summary"); <c>html</c> an escaped <c>h1</c> title and <c>p</c> paragraphs;
/// <c>keywords</c>/<c>tags</c> key terms; <c>request</c> ("what the sender asks for") the mail's request said back to
/// its sender ("Could you refund ...?" -> "You asked us to refund ..."), else a one-sentence summary; e-mail and URL properties the sender's address and the first link; enums
/// the value whose words (and rule keywords) best match the content, else the stated default, else the first;
/// <c>sentiment</c> positive/negative/neutral and <c>priority</c>/<c>urgent</c> by cue words; booleans by a named
/// domain ("true unless the sender's address ends in @example.com"), urgency cues, or whether the property's own words
/// occur; numbers from a labelled field, else the first amount of money or first number when the name suggests one,
/// else 0, clamped to minimum/maximum. "starting with 'Re: '" and "at most 70 characters" in a description are obeyed.
/// <see cref="LocalCompletion.Text"/> is then the compact JSON.</para>
/// <para><b>Limits.</b> It cannot reason, follow arbitrary instructions, translate, do arithmetic, answer questions
/// beyond quoting the content, or write new facts: it only selects and reshapes what is in the prompt. A prompt that
/// is only an instruction is answered from the instruction's own words. Tokens are approximated as one per 0.75 word,
/// rounded up; <see cref="LocalCompletionRequest.MaxTokens"/> cuts plain answers at a sentence (or word) boundary and
/// shortens summaries inside structured answers, but never breaks the schema.</para>
/// </remarks>
public sealed class LocalLanguageModel
{
    // Relaxed escaping keeps HTML in string values readable ("<p>" rather than "\u003Cp\u003E"); the text is JSON
    // for a workflow, never inlined into a web page.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Sentence caps tried, in order, when a structured answer exceeds the token budget.
    private static readonly int[] SentenceCaps = [int.MaxValue, 4, 3, 2, 1];

    /// <summary>Answers one request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Checked between the processing stages.</param>
    /// <returns>The answer with its approximate token counts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance API, so callers can inject and replace the model.")]
    public LocalCompletion Complete(LocalCompletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        var promptText = request.Prompt ?? string.Empty;
        var context = (request.Context ?? []).Select(c => c ?? string.Empty).ToList();
        var prompt = PromptParser.Parse(promptText, request.Instructions);
        var focus = TextAnalysis.Terms(string.Join(" ", prompt.Instructions));
        var index = ContentIndex.Build(prompt.Content, context, prompt.ContentFromInstructions ? [] : focus);
        cancellationToken.ThrowIfCancellationRequested();

        var (rules, fallback) = RuleClassifier.Parse(request.Instructions + "\n" + promptText);
        var answers = new AnswerBuilder(prompt, index, rules, fallback);
        int? budget = request.MaxTokens is > 0 ? request.MaxTokens : null;
        JsonNode? structured = null;
        string text;
        if (request.OutputSchema is { ValueKind: JsonValueKind.Object } schema)
        {
            var filler = new SchemaFiller(answers, schema);
            text = string.Empty;
            foreach (var cap in SentenceCaps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                filler.SentenceCap = cap;
                structured = filler.Fill(schema, "answer");
                text = structured?.ToJsonString(Compact) ?? "null";
                if (budget is null || TokenCounter.Count(text) <= budget)
                {
                    break;
                }
            }
        }
        else
        {
            text = TokenCounter.Truncate(answers.Answer(budget), budget);
        }

        var promptTokens = TokenCounter.Count(request.Instructions) + TokenCounter.Count(promptText) + context.Sum(TokenCounter.Count);
        return new LocalCompletion(text, structured, promptTokens, TokenCounter.Count(text));
    }
}
