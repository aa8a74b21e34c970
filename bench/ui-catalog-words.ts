import { prng } from './photos';

/**
 * Words for a synthetic shop catalogue: product titles, SKUs, descriptions, tags and file names that
 * look like a real shop's, so that search in the UI benchmark has realistic work (many prefixes, many
 * matches for common words, few for rare ones). Deterministic in its seed.
 */
const ADJECTIVES = ['Classic', 'Slim', 'Organic', 'Vintage', 'Everyday', 'Premium', 'Relaxed', 'Tailored', 'Waxed', 'Quilted', 'Handmade', 'Recycled', 'Cropped', 'Oversized', 'Lightweight', 'Heritage'];
const MATERIALS = ['Linen', 'Cotton', 'Wool', 'Leather', 'Canvas', 'Denim', 'Walnut', 'Oak', 'Ceramic', 'Brass', 'Silk', 'Cashmere', 'Bamboo', 'Stoneware', 'Suede', 'Merino', 'Rattan', 'Glass'];
const PRODUCTS = ['Shirt', 'Dress', 'Tote', 'Backpack', 'Mug', 'Vase', 'Lamp', 'Chair', 'Scarf', 'Wallet', 'Belt', 'Sneaker', 'Jacket', 'Bowl', 'Candle', 'Planter', 'Blanket', 'Cushion', 'Apron', 'Beanie'];
const COLOURS = ['Sage', 'Navy', 'Ochre', 'Charcoal', 'Ivory', 'Rust', 'Olive', 'Sand', 'Black', 'Terracotta', 'Indigo', 'Blush', 'Forest', 'Stone'];
const BACKDROPS = ['white seamless paper', 'a concrete floor', 'weathered oak', 'linen drapes', 'a marble slab', 'a studio cyclorama'];
const VIEWS = ['front', 'back', 'detail', 'lifestyle', 'flatlay', 'side'];
const TAGS = [
  'summer-2025', 'autumn-2025', 'winter-2025', 'spring-2026', 'bestseller', 'new-in', 'sale', 'hero', 'lifestyle', 'packshot',
  'flat-lay', 'on-model', 'detail-shot', 'web', 'print', 'marketplace', 'newsletter', 'instagram', 'lookbook', 'archive',
];

export interface SyntheticProduct {
  title: string;
  sku: string;
  productName: string;
  description: string | null;
  tags: string[];
  filename: string;
}

export function productWords(seed: number): (index: number) => SyntheticProduct {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  return (index) => {
    const adjective = pick(ADJECTIVES);
    const material = pick(MATERIALS);
    const product = pick(PRODUCTS);
    const colour = pick(COLOURS);
    const sku = `SKU-${String(index).padStart(5, '0')}`;
    const productName = `${adjective} ${material} ${product}`;
    const tags = new Set<string>();
    const tagCount = Math.floor(rand() * 4);
    while (tags.size < tagCount) tags.add(pick(TAGS));
    return {
      title: `${productName} – ${colour}`,
      sku,
      productName,
      description: rand() < 0.3 ? `${material} ${product.toLowerCase()} in ${colour.toLowerCase()}, photographed on ${pick(BACKDROPS)}.` : null,
      tags: [...tags],
      filename: `${sku}_${pick(VIEWS)}.jpg`,
    };
  };
}
