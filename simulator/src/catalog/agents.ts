export interface AgentProfile {
  name: string;
  provider: string;
  model: string;
  /** System prompt and instructions sent with every call. */
  promptTokens: number;
  /** Median length of the final answer. */
  answerTokens: number;
  /** Most LLM calls (turns) before it must answer. */
  maxTurns: number;
  /** Tool names it may call, by preference. */
  tools: readonly string[];
  /** What people ask it directly; {customer}, {region}, {quarter} and {ticket} are filled in. */
  prompts: readonly string[];
}

/** The agent that turns conversations into plans; every world has it. */
export const PLANNER = 'planner';

// Ordered by how widely they are used: a world with N agents takes the first N.
export const AGENTS: readonly AgentProfile[] = [
  {
    name: PLANNER,
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 2_400,
    answerTokens: 650,
    maxTurns: 3,
    tools: ['vector_search'],
    prompts: ['Plan a churn analysis for {customer}'],
  },
  {
    name: 'researcher',
    provider: 'openai',
    model: 'gpt-4.1',
    promptTokens: 1_800,
    answerTokens: 900,
    maxTurns: 6,
    tools: ['web_search', 'http_fetch', 'vector_search'],
    prompts: [
      "What changed in {customer}'s pricing this {quarter}?",
      'Find recent news about {customer} in {region}',
      'Compare the top three competitors of {customer}',
    ],
  },
  {
    name: 'data-analyst',
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 2_100,
    answerTokens: 700,
    maxTurns: 6,
    tools: ['sql_query', 'python_exec', 'calculator'],
    prompts: [
      'Why did revenue in {region} drop in {quarter}?',
      'Plot weekly active accounts for {customer}',
      'Which SKUs grew fastest in {quarter}?',
    ],
  },
  {
    name: 'report-writer',
    provider: 'mistral_ai',
    model: 'mistral-large-latest',
    promptTokens: 1_500,
    answerTokens: 1_600,
    maxTurns: 2,
    tools: ['vector_search'],
    prompts: [
      'Draft the {quarter} business review for {customer}',
      'Write an executive summary of the {region} pipeline',
    ],
  },
  {
    name: 'support-triage',
    provider: 'openai',
    model: 'gpt-4o-mini',
    promptTokens: 1_200,
    answerTokens: 180,
    maxTurns: 3,
    tools: ['crm_lookup', 'vector_search'],
    prompts: ['Triage ticket {ticket}', 'Is ticket {ticket} a duplicate?'],
  },
  {
    name: 'code-reviewer',
    provider: 'openai',
    model: 'o3-mini',
    promptTokens: 2_600,
    answerTokens: 1_100,
    maxTurns: 5,
    tools: ['github_api', 'python_exec'],
    prompts: ['Review the open pull requests on the billing service', 'Why does the checkout test fail on main?'],
  },
  {
    name: 'summarizer',
    provider: 'groq',
    model: 'llama-3.3-70b-versatile',
    promptTokens: 600,
    answerTokens: 400,
    maxTurns: 1,
    tools: [],
    prompts: ['Summarize the {customer} call notes', 'TL;DR of the {region} weekly update'],
  },
  {
    name: 'support-responder',
    provider: 'cohere',
    model: 'command-r-plus',
    promptTokens: 1_700,
    answerTokens: 450,
    maxTurns: 3,
    tools: ['vector_search', 'crm_lookup'],
    prompts: ['Draft a reply to ticket {ticket}', "Answer {customer}'s question about SSO setup"],
  },
  {
    name: 'invoice-extractor',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    promptTokens: 1_300,
    answerTokens: 500,
    maxTurns: 2,
    tools: ['pdf_extract', 's3_get_object'],
    prompts: ['Extract line items from the latest {customer} invoice'],
  },
  {
    name: 'incident-analyst',
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 2_200,
    answerTokens: 800,
    maxTurns: 6,
    tools: ['log_search', 'metrics_query', 'github_api'],
    prompts: ['What caused the 5xx spike in {region} last night?', 'Build a timeline for incident {ticket}'],
  },
  {
    name: 'compliance-checker',
    provider: 'azure.ai.openai',
    model: 'gpt-4o',
    promptTokens: 3_000,
    answerTokens: 500,
    maxTurns: 3,
    tools: ['vector_search', 'pdf_extract'],
    prompts: [
      'Does the {customer} contract meet our DPA requirements?',
      'Check the {region} marketing copy against the policy',
    ],
  },
  {
    name: 'sql-generator',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    promptTokens: 2_800,
    answerTokens: 250,
    maxTurns: 3,
    tools: ['sql_query'],
    prompts: ['How many {region} accounts churned in {quarter}?', 'Top 10 customers by ARR in {region}'],
  },
  {
    name: 'lead-enricher',
    provider: 'cohere',
    model: 'command-r',
    promptTokens: 900,
    answerTokens: 300,
    maxTurns: 4,
    tools: ['web_search', 'crm_lookup', 'crm_update'],
    prompts: ['Enrich the new leads from the {region} webinar'],
  },
  {
    name: 'classifier',
    provider: 'groq',
    model: 'llama-3.1-8b-instant',
    promptTokens: 500,
    answerTokens: 40,
    maxTurns: 1,
    tools: [],
    prompts: ['Classify ticket {ticket}'],
  },
  {
    name: 'translator',
    provider: 'mistral_ai',
    model: 'mistral-small-latest',
    promptTokens: 400,
    answerTokens: 700,
    maxTurns: 1,
    tools: ['translate_text'],
    prompts: ['Translate the {customer} release notes into German', 'Translate ticket {ticket} into English'],
  },
  {
    name: 'email-drafter',
    provider: 'openai',
    model: 'gpt-4o-mini',
    promptTokens: 800,
    answerTokens: 350,
    maxTurns: 2,
    tools: ['crm_lookup', 'send_email'],
    prompts: ['Draft a follow-up email to {customer}', 'Write the renewal reminder for {customer}'],
  },
];
