/**
 * Link-preview fetchers: chat and social apps fetch a link as soon as it is pasted, before any person
 * opens it. They get the page without images and never count a view. The list matches the agents'
 * documented user-agent tokens; anything claiming to be one of them is treated as one (so faking a bot
 * gains nothing: bots are refused the image routes).
 */
const PREVIEW_BOTS = [
  'facebookexternalhit',
  'facebookcatalog',
  'slackbot-linkexpanding',
  'slack-imgproxy',
  'twitterbot',
  'discordbot',
  'whatsapp',
  'telegrambot',
  'linkedinbot',
  'skypeuripreview',
  'microsoftpreview',
  'embedly',
  'pinterestbot',
  'redditbot',
  'applebot',
  'googlebot',
  'bingbot',
  'bingpreview',
  'iframely',
  'mastodon',
  'viber',
  'vkshare',
  'snapchat',
  'bytespider',
];

export function isPreviewBot(userAgent: string | undefined): boolean {
  if (!userAgent) return false;
  const ua = userAgent.toLowerCase();
  return PREVIEW_BOTS.some((bot) => ua.includes(bot));
}
