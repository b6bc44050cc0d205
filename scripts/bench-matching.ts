/**
 * `npm run bench -- matching`: the shortlist query (store.findMatches) over a synthetic national
 * directory on the real PostgreSQL. 250,000 practitioners (~1.3 places each) are generated in SQL
 * with realistic shares: specialties (general practice ≈ 40 %), places drawn population-weighted
 * over real metropolitan towns and agglomerations (jittered, wider around big metros) plus ~10 %
 * rural spread over France's land, postal codes of the town's department, sectors, languages,
 * fees, ratings, partners. Then a realistic mix of shortlist queries (specialty by request
 * frequency, origin a town point drawn by population so Paris is often hit, 30 km, filters on a
 * share, some teleconsultation, top 20) runs through findMatches with drizzle on a pg pool, and
 * the worst case (general practice around central Paris) is timed on its own.
 *
 * Knobs for investigation only: MATCHING_BENCH_SIZE (practitioners, default 250000),
 * MATCHING_BENCH_QUERIES (default 600), MATCHING_BENCH_KEEP_DB=1 (keep the database and print its URL),
 * MATCHING_BENCH_TRACE=1 (time each generation statement).
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { foldName } from '../src/modules/clients/domain.ts';
import { DEFAULT_WEIGHTS, type MatchQuery } from '../src/modules/matching/domain.ts';
import { findMatches } from '../src/modules/matching/store.ts';
import { freshDatabase } from '../test/support/databases.ts';

type Print = (name: string, value: number, unit: string) => void;

const PRACTITIONERS = Number(process.env.MATCHING_BENCH_SIZE ?? 250_000);
const QUERIES = Number(process.env.MATCHING_BENCH_QUERIES ?? 600);
const WARMUP = 60;
const PARIS_GP_RUNS = 60;
const RURAL_SHARE = 0.1;
const NO_COORDINATES_SHARE = 0.05;

/**
 * Towns and agglomerations of metropolitan France: name, main postal code, centre (lat, lon),
 * population in thousands (what requests follow), jitter in km (σ of the distance to the centre).
 * Île-de-France, Lyon, Marseille and Lille are split into several poles so that postal codes stay
 * in the right department. Approximate public figures; enough for realistic density.
 */
type Town = [name: string, postal: string, lat: number, lon: number, popK: number, spreadKm: number];
const TOWNS: Town[] = [
  ['Paris', '75001', 48.8566, 2.3522, 2150, 2.3],
  ['Boulogne-Billancourt', '92100', 48.8397, 2.2399, 450, 2.5],
  ['Nanterre', '92000', 48.8924, 2.2069, 450, 2.5],
  ['Antony', '92160', 48.7543, 2.2975, 350, 2.5],
  ['Saint-Denis', '93200', 48.9362, 2.3574, 550, 2.5],
  ['Montreuil', '93100', 48.8638, 2.4485, 500, 2.5],
  ['Aulnay-sous-Bois', '93600', 48.9386, 2.4975, 450, 3],
  ['Créteil', '94000', 48.7904, 2.4556, 500, 3],
  ['Vitry-sur-Seine', '94400', 48.7875, 2.3928, 400, 2.5],
  ['Versailles', '78000', 48.8049, 2.1204, 450, 4],
  ['Saint-Germain-en-Laye', '78100', 48.8989, 2.0938, 400, 4],
  ['Mantes-la-Jolie', '78200', 48.9908, 1.7172, 200, 4],
  ['Évry-Courcouronnes', '91000', 48.6294, 2.4415, 400, 4],
  ['Massy', '91300', 48.7309, 2.2713, 400, 3],
  ['Cergy', '95000', 49.0364, 2.0761, 350, 4],
  ['Argenteuil', '95100', 48.9472, 2.2467, 400, 3],
  ['Sarcelles', '95200', 48.9973, 2.378, 350, 3],
  ['Melun', '77000', 48.5421, 2.6554, 300, 5],
  ['Meaux', '77100', 48.9601, 2.8788, 250, 5],
  ['Chelles', '77500', 48.8811, 2.5906, 400, 4],
  ['Lyon', '69001', 45.764, 4.8357, 1000, 3.5],
  ['Villeurbanne', '69100', 45.7719, 4.8902, 300, 3],
  ['Vénissieux', '69200', 45.6975, 4.8867, 250, 4],
  ['Marseille', '13001', 43.2965, 5.3698, 900, 4.5],
  ['Aix-en-Provence', '13100', 43.5297, 5.4474, 350, 5],
  ['Aubagne', '13400', 43.2927, 5.5708, 150, 4],
  ['Martigues', '13500', 43.405, 5.0475, 70, 3],
  ['Salon-de-Provence', '13300', 43.6403, 5.0973, 60, 3],
  ['Arles', '13200', 43.6766, 4.6278, 50, 3],
  ['Toulouse', '31000', 43.6047, 1.4442, 950, 6],
  ['Nice', '06000', 43.7102, 7.262, 550, 4],
  ['Antibes', '06600', 43.5808, 7.1239, 400, 5],
  ['Nantes', '44000', 47.2184, -1.5536, 700, 5],
  ['Saint-Nazaire', '44600', 47.2735, -2.2138, 170, 4],
  ['Strasbourg', '67000', 48.5734, 7.7521, 500, 5],
  ['Haguenau', '67500', 48.8156, 7.7906, 60, 3],
  ['Montpellier', '34000', 43.6108, 3.8767, 500, 5],
  ['Béziers', '34500', 43.3442, 3.2158, 120, 3],
  ['Sète', '34200', 43.4028, 3.696, 60, 3],
  ['Bordeaux', '33000', 44.8378, -0.5792, 850, 6],
  ['Lille', '59000', 50.6292, 3.0573, 600, 4],
  ['Roubaix', '59100', 50.6942, 3.1746, 450, 4],
  ['Dunkerque', '59140', 51.0343, 2.3768, 250, 4],
  ['Valenciennes', '59300', 50.357, 3.5235, 350, 5],
  ['Douai', '59500', 50.3714, 3.08, 200, 4],
  ['Lens', '62300', 50.4329, 2.8276, 500, 6],
  ['Béthune', '62400', 50.5303, 2.64, 250, 5],
  ['Arras', '62000', 50.291, 2.7775, 120, 3],
  ['Calais', '62100', 50.9513, 1.8587, 120, 3],
  ['Boulogne-sur-Mer', '62200', 50.7264, 1.6147, 120, 3],
  ['Rennes', '35000', 48.1173, -1.6778, 450, 5],
  ['Saint-Malo', '35400', 48.6493, -2.0257, 90, 3],
  ['Reims', '51100', 49.2583, 4.0317, 300, 4],
  ['Châlons-en-Champagne', '51000', 48.9566, 4.3631, 60, 3],
  ['Le Havre', '76600', 49.4944, 0.1079, 250, 4],
  ['Rouen', '76000', 49.4432, 1.0999, 500, 5],
  ['Saint-Étienne', '42000', 45.4397, 4.3872, 400, 5],
  ['Roanne', '42300', 46.0341, 4.0724, 70, 3],
  ['Toulon', '83000', 43.1242, 5.928, 450, 5],
  ['Fréjus', '83600', 43.433, 6.737, 120, 4],
  ['Draguignan', '83300', 43.5366, 6.4646, 60, 3],
  ['Grenoble', '38000', 45.1885, 5.7245, 500, 5],
  ['Vienne', '38200', 45.5255, 4.8745, 70, 3],
  ['Bourgoin-Jallieu', '38300', 45.5861, 5.2736, 80, 3],
  ['Dijon', '21000', 47.322, 5.0415, 250, 4],
  ['Angers', '49000', 47.4784, -0.5632, 300, 4],
  ['Cholet', '49300', 47.06, -0.879, 60, 3],
  ['Nîmes', '30000', 43.8367, 4.3601, 250, 4],
  ['Alès', '30100', 44.125, 4.0816, 70, 3],
  ['Clermont-Ferrand', '63000', 45.7772, 3.087, 300, 5],
  ['Le Mans', '72000', 48.0061, 0.1996, 220, 4],
  ['Brest', '29200', 48.3904, -4.4861, 210, 4],
  ['Quimper', '29000', 47.996, -4.102, 120, 3],
  ['Morlaix', '29600', 48.5776, -3.828, 35, 3],
  ['Tours', '37000', 47.3941, 0.6848, 350, 5],
  ['Amiens', '80000', 49.8941, 2.2958, 180, 4],
  ['Limoges', '87000', 45.8336, 1.2611, 210, 4],
  ['Annecy', '74000', 45.8992, 6.1294, 230, 4],
  ['Annemasse', '74100', 46.1934, 6.2342, 120, 3],
  ['Perpignan', '66000', 42.6887, 2.8948, 300, 5],
  ['Metz', '57000', 49.1193, 6.1757, 300, 5],
  ['Thionville', '57100', 49.3579, 6.1683, 150, 4],
  ['Besançon', '25000', 47.2378, 6.0241, 200, 4],
  ['Montbéliard', '25200', 47.51, 6.798, 110, 3],
  ['Orléans', '45000', 47.903, 1.9093, 300, 5],
  ['Mulhouse', '68100', 47.7508, 7.3359, 250, 4],
  ['Colmar', '68000', 48.0794, 7.3585, 110, 3],
  ['Caen', '14000', 49.1829, -0.3707, 300, 4],
  ['Nancy', '54000', 48.6921, 6.1844, 300, 4],
  ['Avignon', '84000', 43.9493, 4.8055, 300, 5],
  ['Orange', '84100', 44.1381, 4.8075, 50, 3],
  ['Poitiers', '86000', 46.5802, 0.3404, 130, 4],
  ['La Rochelle', '17000', 46.1603, -1.1511, 170, 4],
  ['Pau', '64000', 43.2951, -0.3708, 200, 4],
  ['Bayonne', '64100', 43.4929, -1.4748, 300, 5],
  ['Troyes', '10000', 48.2973, 4.0744, 130, 3],
  ['Lorient', '56100', 47.7483, -3.37, 200, 4],
  ['Vannes', '56000', 47.6582, -2.7608, 150, 4],
  ['Saint-Brieuc', '22000', 48.5136, -2.7603, 120, 3],
  ['Lannion', '22300', 48.7326, -3.4566, 40, 3],
  ['Chambéry', '73000', 45.5646, 5.9178, 190, 4],
  ['Valence', '26000', 44.9334, 4.8924, 170, 4],
  ['Montélimar', '26200', 44.5581, 4.7509, 60, 3],
  ['Ajaccio', '20000', 41.9192, 8.7386, 80, 3],
  ['Bastia', '20200', 42.697, 9.4509, 70, 3],
  ['Niort', '79000', 46.3237, -0.4588, 110, 3],
  ['Angoulême', '16000', 45.6484, 0.1562, 110, 3],
  ['Chartres', '28000', 48.4439, 1.489, 100, 3],
  ['Blois', '41000', 47.5861, 1.3359, 80, 3],
  ['Bourges', '18000', 47.081, 2.3988, 90, 3],
  ['Châteauroux', '36000', 46.8103, 1.6913, 70, 3],
  ['Nevers', '58000', 46.9908, 3.159, 60, 3],
  ['Auxerre', '89000', 47.7982, 3.5673, 60, 3],
  ['Sens', '89100', 48.1975, 3.2833, 40, 3],
  ['Mâcon', '71000', 46.3069, 4.8287, 60, 3],
  ['Chalon-sur-Saône', '71100', 46.7808, 4.8539, 100, 3],
  ['Bourg-en-Bresse', '01000', 46.2052, 5.2255, 80, 3],
  ['Vichy', '03200', 46.1277, 3.4259, 60, 3],
  ['Montluçon', '03100', 46.3401, 2.6026, 60, 3],
  ['Moulins', '03000', 46.5646, 3.3326, 40, 3],
  ['Aurillac', '15000', 44.9264, 2.4397, 50, 3],
  ['Le Puy-en-Velay', '43000', 45.0434, 3.8858, 50, 3],
  ['Rodez', '12000', 44.3506, 2.575, 55, 3],
  ['Albi', '81000', 43.9289, 2.1464, 80, 3],
  ['Montauban', '82000', 44.0176, 1.355, 80, 3],
  ['Agen', '47000', 44.2033, 0.6163, 80, 3],
  ['Périgueux', '24000', 45.1846, 0.7214, 70, 3],
  ['Brive-la-Gaillarde', '19100', 45.1589, 1.5331, 80, 3],
  ['Tulle', '19000', 45.2658, 1.7722, 30, 3],
  ['Guéret', '23000', 46.1716, 1.8717, 25, 3],
  ['Cahors', '46000', 44.4475, 1.4419, 30, 3],
  ['Tarbes', '65000', 43.2328, 0.0781, 90, 3],
  ['Auch', '32000', 43.6465, 0.5855, 30, 3],
  ['Mont-de-Marsan', '40000', 43.8902, -0.4993, 55, 3],
  ['Dax', '40100', 43.7102, -1.0536, 50, 3],
  ['Foix', '09000', 42.9653, 1.6069, 25, 3],
  ['Carcassonne', '11000', 43.213, 2.3491, 60, 3],
  ['Narbonne', '11100', 43.1839, 3.0042, 70, 3],
  ['Mende', '48000', 44.5181, 3.5006, 20, 3],
  ['Privas', '07000', 44.7353, 4.599, 20, 3],
  ['Gap', '05000', 44.5594, 6.0786, 50, 3],
  ['Digne-les-Bains', '04000', 44.0925, 6.2356, 25, 3],
  ['Épinal', '88000', 48.1724, 6.4496, 60, 3],
  ['Saint-Dié-des-Vosges', '88100', 48.2849, 6.9493, 30, 3],
  ['Bar-le-Duc', '55000', 48.7727, 5.16, 30, 3],
  ['Charleville-Mézières', '08000', 49.7621, 4.7263, 80, 3],
  ['Laon', '02000', 49.5641, 3.6199, 35, 3],
  ['Saint-Quentin', '02100', 49.8465, 3.2876, 70, 3],
  ['Beauvais', '60000', 49.4295, 2.0807, 80, 3],
  ['Compiègne', '60200', 49.4179, 2.8261, 80, 3],
  ['Creil', '60100', 49.2597, 2.475, 100, 3],
  ['Évreux', '27000', 49.0241, 1.1508, 80, 3],
  ['Alençon', '61000', 48.4329, 0.0913, 50, 3],
  ['Cherbourg-en-Cotentin', '50100', 49.6337, -1.6221, 80, 3],
  ['Saint-Lô', '50000', 49.1157, -1.0906, 35, 3],
  ['Laval', '53000', 48.0707, -0.7734, 70, 3],
  ['La Roche-sur-Yon', '85000', 46.6705, -1.426, 80, 3],
  ['Belfort', '90000', 47.6397, 6.8638, 90, 3],
  ['Lons-le-Saunier', '39000', 46.6744, 5.555, 40, 3],
  ['Vesoul', '70000', 47.6197, 6.155, 35, 3],
  ['Chaumont', '52000', 48.1113, 5.1392, 30, 3],
];
/**
 * Outside Île-de-France each town stands for its catchment too (the small towns around it), so that
 * the Paris area keeps its real weight (~18 % of people) next to the rest of the country.
 */
const CATCHMENT = 1.7;
const IDF = new Set(['75', '77', '78', '91', '92', '93', '94', '95']);
const weightOf = (t: Town) => t[4] * (IDF.has(t[1].slice(0, 2)) ? 1 : CATCHMENT);
/** Practitioners concentrate in big cities more than people do (Paris has about 1.6 times the density). */
const DENSITY: Record<string, number> = { Paris: 1.6, Lyon: 1.3, Marseille: 1.2, Toulouse: 1.2, Bordeaux: 1.2, Montpellier: 1.3, Lille: 1.2, Nice: 1.2, Nantes: 1.1, Strasbourg: 1.2, Rennes: 1.1, Grenoble: 1.1 };
/** Postal codes by arrondissement (75001–75020, 13001–13016, 69001–69009). */
const ARRONDISSEMENTS: Record<string, number> = { Paris: 20, Marseille: 16, Lyon: 9 };

/** Coarse outline of mainland France and of Corsica (lon, lat): a land check for jittered and rural points. */
const MAINLAND: [number, number][] = [
  [2.55, 51.09], [2.9, 50.7], [3.2, 50.78], [3.65, 50.45], [4.15, 50.28], [4.86, 50.15], [4.95, 49.8], [5.4, 49.6], [5.8, 49.55], [6.37, 49.47],
  [6.7, 49.2], [7.1, 49.15], [7.6, 49.05], [8.23, 48.97], [7.85, 48.5], [7.58, 48.0], [7.58, 47.58], [7.0, 47.5], [6.45, 47.0], [6.06, 46.48],
  [5.95, 46.13], [6.3, 46.4], [6.8, 46.4], [6.87, 45.83], [7.05, 45.5], [6.73, 44.93], [7.0, 44.7], [6.9, 44.4], [7.7, 44.1], [7.53, 43.78],
  [7.3, 43.68], [6.9, 43.42], [6.6, 43.15], [6.15, 43.03], [5.9, 43.08], [5.35, 43.2], [5.0, 43.33], [4.6, 43.35], [4.1, 43.5], [3.7, 43.4],
  [3.25, 43.2], [3.05, 42.95], [3.17, 42.43], [2.5, 42.35], [1.75, 42.45], [0.7, 42.8], [-0.7, 42.85], [-1.4, 43.05], [-1.78, 43.35], [-1.55, 43.5],
  [-1.4, 44.3], [-1.25, 44.65], [-1.25, 45.2], [-1.06, 45.57], [-1.25, 45.9], [-1.8, 46.5], [-2.25, 47.0], [-2.2, 47.27], [-2.55, 47.3], [-3.1, 47.5],
  [-3.4, 47.7], [-4.37, 47.8], [-4.75, 48.05], [-4.5, 48.25], [-4.78, 48.35], [-4.77, 48.55], [-4.3, 48.68], [-3.6, 48.75], [-3.05, 48.82], [-2.3, 48.65],
  [-2.0, 48.65], [-1.55, 48.65], [-1.6, 48.84], [-1.65, 49.3], [-1.95, 49.72], [-1.25, 49.7], [-1.15, 49.35], [-0.3, 49.3], [0.1, 49.45], [0.2, 49.7],
  [1.1, 49.93], [1.45, 50.1], [1.58, 50.35], [1.6, 50.73], [1.85, 50.95],
];
const CORSICA: [number, number][] = [[9.4, 43.02], [9.55, 42.6], [9.55, 42.1], [9.25, 41.4], [9.15, 41.37], [8.8, 41.6], [8.6, 41.9], [8.6, 42.3], [8.7, 42.6], [9.25, 42.72]];
const polygon = (pts: [number, number][]) => `(${pts.map(([x, y]) => `(${x},${y})`).join(',')})`;

type Kind = 'gp' | 'medical' | 'care' | 'psychology';
/** Code, share of the directory (%), share of requests (%), kind, RPPS profession code and label. */
const SPECIALTIES: [code: string, directory: number, requests: number, kind: Kind, profession: string, professionLabel: string][] = [
  ['general-practice', 40, 28, 'gp', '10', 'Médecin'],
  ['nursing', 14, 1.5, 'care', '60', 'Infirmier'],
  ['physiotherapy', 11, 4, 'care', '70', 'Masseur-Kinésithérapeute'],
  ['dentistry', 7, 4, 'care', '40', 'Chirurgien-Dentiste'],
  ['psychology', 4, 4, 'psychology', '93', 'Psychologue'],
  ['midwifery', 2.5, 1, 'care', '50', 'Sage-Femme'],
  ['psychiatry', 2.6, 6, 'medical', '10', 'Médecin'],
  ['radiology', 2, 0.5, 'medical', '10', 'Médecin'],
  ['gynecology-obstetrics', 1.8, 8, 'medical', '10', 'Médecin'],
  ['cardiology', 1.6, 6, 'medical', '10', 'Médecin'],
  ['pediatrics', 1.4, 6, 'medical', '10', 'Médecin'],
  ['ophthalmology', 1.4, 8, 'medical', '10', 'Médecin'],
  ['dermatology', 0.9, 9, 'medical', '10', 'Médecin'],
  ['orthopedics', 0.9, 2, 'medical', '10', 'Médecin'],
  ['gastroenterology', 0.8, 2, 'medical', '10', 'Médecin'],
  ['ent', 0.8, 3, 'medical', '10', 'Médecin'],
  ['medical-biology', 0.8, 0.2, 'medical', '10', 'Médecin'],
  ['neurology', 0.7, 1.5, 'medical', '10', 'Médecin'],
  ['pulmonology', 0.6, 1, 'medical', '10', 'Médecin'],
  ['rheumatology', 0.6, 2, 'medical', '10', 'Médecin'],
  ['endocrinology', 0.5, 2, 'medical', '10', 'Médecin'],
  ['urology', 0.4, 1, 'medical', '10', 'Médecin'],
  ['oncology', 0.4, 0.5, 'medical', '10', 'Médecin'],
  ['nephrology', 0.35, 0.5, 'medical', '10', 'Médecin'],
  ['allergology', 0.2, 1, 'medical', '10', 'Médecin'],
];
/** What a first consultation usually costs in sector 1 (cents), by specialty kind. */
const BASE_FEE: Record<string, number> = { 'general-practice': 3000, nursing: 1000, physiotherapy: 1650, dentistry: 2300, psychology: 6000, midwifery: 2500 };

const LAST_NAMES = (
  'Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont ' +
  'Lambert Fontaine Rousseau Vincent Muller Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin ' +
  'Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly ' +
  'Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud ' +
  'Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger ' +
  'Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles ' +
  'Renault Charpentier Ménard Maillard Baron Bertin Bailly Hervé Schneider Fernandez Le_Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel ' +
  'Le_Roux Cousin Germain Breton Besson Langlois Rémy Le_Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob ' +
  'Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da_Silva Bouchet Gay Lemaître Bénard Humbert ' +
  "Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte Benali Haddad Nguyen Cohen Mansouri D'Abboville"
)
  .split(' ')
  .map((n) => n.replace('_', ' '));
const FEMALE_NAMES =
  'Marie Nathalie Isabelle Sylvie Catherine Sophie Christine Valérie Sandrine Céline Stéphanie Véronique Aurélie Julie Camille Émilie Claire Anne Laure Hélène Caroline Élodie Virginie Laëtitia Charlotte Léa Manon Chloé Inès Sarah Pauline Mathilde Lucie Amélie Agnès Béatrice Florence Delphine Karine Audrey Marion Justine Margaux Juliette Anaïs Clémence Fatima Leïla Yasmine Nadia Maëlle Solène Noémie Anne-Sophie Marie-Claire'.split(
    ' ',
  );
const MALE_NAMES =
  'Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Laurent Frédéric Éric Stéphane David Olivier Julien Sébastien Thomas Antoine François Guillaume Jérôme Vincent Maxime Alexandre Mathieu Romain Benoît Hugo Lucas Louis Arthur Paul Théo Raphaël Baptiste Clément Quentin Adrien Yann Gaël Loïc Cédric Hervé Thierry Bruno Didier Karim Mehdi Mohamed Youssef Xavier Jérémy Bastien Jean-Pierre Jean-Marc'.split(
    ' ',
  );
const STREETS = ['rue de la République', 'avenue Jean-Jaurès', 'rue Victor-Hugo', 'boulevard Gambetta', 'place de la Mairie', 'rue Pasteur', 'rue de la Gare', 'avenue Foch', 'rue du Général-de-Gaulle', 'rue Nationale', 'rue des Écoles', 'avenue de Verdun'];

/** Cumulative lower bounds for width_bucket(random(), bounds): bucket i (1-based) has probability w[i]/Σw. */
function bounds(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => {
    const lo = acc / total;
    acc += w;
    return lo;
  });
}

/** A small seeded generator so that every run asks the same queries. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const department = (postal: string) => postal.slice(0, 2);

/** Generates the directory into the (empty, migrated) database behind `pool`. */
export async function generateDirectory(pool: pg.Pool, n = PRACTITIONERS): Promise<void> {
  const c = await pool.connect();
  const q = async (text: string, values: unknown[] = []) => {
    const t = performance.now();
    const r = await c.query(text, values);
    if (process.env.MATCHING_BENCH_TRACE) console.error(`${((performance.now() - t) / 1000).toFixed(2)} s  ${text.trim().slice(0, 60).replace(/\s+/g, ' ')}`);
    return r;
  };
  try {
    await q(`set maintenance_work_mem = '256MB'`);
    await q(`set work_mem = '64MB'`);
    await q(`select setseed(0.2026)`);

    // Secondary indexes are rebuilt once after the load (much faster than maintaining them row by row).
    const { rows: indexes } = await q(
      `select i.indexname, i.indexdef from pg_indexes i
       where i.schemaname = 'public' and i.tablename in ('practitioners', 'practice_places')
         and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
    );
    for (const ix of indexes) await q(`drop index "${ix.indexname}"`);

    await q(
      `create temp table bench_town as
       select i::int, name, postal, left(postal, 2) as dept, lat, lon, spread, arr
       from unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::int[]) with ordinality as u(name, postal, lat, lon, spread, arr, i)`,
      [TOWNS.map((t) => t[0]), TOWNS.map((t) => t[1]), TOWNS.map((t) => t[2]), TOWNS.map((t) => t[3]), TOWNS.map((t) => t[5]), TOWNS.map((t) => ARRONDISSEMENTS[t[0]] ?? 0)],
    );
    const townBounds = bounds(TOWNS.map((t) => weightOf(t) * (DENSITY[t[0]] ?? 1)));
    const specBounds = bounds(SPECIALTIES.map((s) => s[1]));

    // One row per practitioner with the draws that several columns share.
    await q(
      `create temp table bench_p as
       select g, gen_random_uuid() as id,
         width_bucket(random(), $1::float8[]) as spec,
         random() < $3::float8 as rural,
         width_bucket(random(), $2::float8[]) as town,
         width_bucket(random(), array[0, 0.75, 0.95]::float8[]) as nplaces,
         random() < 0.5 as female,
         random() as r_sector
       from generate_series(1, $4::int) g`,
      [specBounds, townBounds, RURAL_SHARE, n],
    );

    const folded = (xs: string[]) => xs.map((x) => foldName(x));
    await q(
      `create function pg_temp.luhn(body text) returns text language sql immutable as $$
         select body || ((10 - sum(case when (length(body) - i) % 2 = 0 then case when d * 2 > 9 then d * 2 - 9 else d * 2 end else d end) % 10) % 10)::text
         from (select i, substr(body, i, 1)::int as d from generate_series(1, length(body)) i) t
       $$`,
    );
    await q(
      `insert into practitioners (id, rpps, civility, last_name, first_name, profession_code, profession, specialties, languages, sex, sector,
         teleconsultation, accepts_new_patients, fees, rating_count, rating_sum, network_status, source, active, search_name)
       select id, pg_temp.luhn((1000000000 + g)::text),
         case when kind in ('gp', 'medical') then 'DR' when female then 'MME' else 'M' end,
         last, first, ($7::text[])[spec], ($8::text[])[spec], specialties, languages, case when female then 'F' else 'M' end, sector,
         random() < 0.3,
         case width_bucket(random(), array[0, 0.7, 0.85]::float8[]) when 1 then null when 2 then true else false end,
         case when random() < 0.35 then jsonb_strip_nulls(jsonb_build_object('first', fee, 'followup', round(fee * 0.8 / 100) * 100,
           'teleconsultation', case when random() < 0.4 then round(fee * 0.85 / 100) * 100 end)) else '{}'::jsonb end,
         rating_count, case when rating_count = 0 then 0 else least(5 * rating_count, greatest(rating_count, round(rating_count * (2.6 + random() * 2.4))))::int end,
         case when random() < 0.02 then 'partner' else 'none' end, 'rpps', random() < 0.99,
         ($10::text[])[ln] || ' ' || case when female then ($11::text[])[fn] else ($12::text[])[fn] end
       from (
         select p.*, s.kind, ($1::text[])[ln] as last, case when female then ($2::text[])[fn] else ($3::text[])[fn] end as first,
           case when random() < 0.03 and s.kind = 'gp' then array[s.code, ($9::text[])[1 + floor(random() * 4)::int]] else array[s.code] end as specialties,
           array_remove(array['fr', case when random() < 0.25 then 'en' end, case when random() < 0.06 then 'es' end,
             case when random() < 0.04 then 'de' end, case when random() < 0.05 then 'ar' end, case when random() < 0.03 then 'it' end], null) as languages,
           case when random() < 0.05 then 1 + floor(random() * random() * 40)::int else 0 end as rating_count,
           s.sector,
           (round(s.base * case s.sector when '2' then 1.3 + random() * 1.7 when 'optam' then 1.1 + random() * 0.5
              when 'non_conventionne' then 1.5 + random() * 2 else 1 end / 100) * 100)::int as fee
         from (select b.*, 1 + floor(random() * $4::int)::int as ln, 1 + floor(random() * case when female then $5::int else $6::int end)::int as fn from bench_p b) p
         cross join lateral (
           select ($13::text[])[p.spec] as code, ($14::text[])[p.spec] as kind, ($15::int[])[p.spec] as base,
             case ($14::text[])[p.spec]
               when 'psychology' then case when p.r_sector < 0.85 then 'non_conventionne' end
               when 'care' then case width_bucket(p.r_sector, array[0, 0.9, 0.96, 0.98]::float8[]) when 1 then '1' when 2 then '2' when 3 then 'non_conventionne' end
               else case width_bucket(p.r_sector, array[0, 0.6, 0.8, 0.97, 0.99]::float8[]) when 1 then '1' when 2 then 'optam' when 3 then '2' when 4 then 'non_conventionne' end
             end as sector
         ) s
       ) x`,
      [
        LAST_NAMES,
        FEMALE_NAMES,
        MALE_NAMES,
        LAST_NAMES.length,
        FEMALE_NAMES.length,
        MALE_NAMES.length,
        SPECIALTIES.map((s) => s[4]),
        SPECIALTIES.map((s) => s[5]),
        ['allergology', 'psychiatry', 'pediatrics', 'endocrinology'],
        folded(LAST_NAMES),
        folded(FEMALE_NAMES),
        folded(MALE_NAMES),
        SPECIALTIES.map((s) => s[0]),
        SPECIALTIES.map((s) => s[3]),
        SPECIALTIES.map((s) => BASE_FEE[s[0]] ?? 5000),
      ],
    );

    // Rural homes: uniform over the mainland's bounding box, kept when on land; department of the nearest town.
    const rural = Math.ceil(n * RURAL_SHARE * 1.1);
    await q(
      `create temp table bench_rural as
       select row_number() over () as n, lat, lon from (
         select 42.3 + random() * 8.8 as lat, -4.8 + random() * 13.1 as lon from generate_series(1, $1::int)
       ) c where $2::polygon @> point(lon, lat)`,
      [rural * 2, polygon(MAINLAND)],
    );
    await q(
      `create temp table bench_home as
       select p.g, r.lat, r.lon, t.dept, t.name
       from (select g, row_number() over (order by g) as rn from bench_p where rural) p
       join bench_rural r on r.n = 1 + (p.rn - 1) % (select count(*) from bench_rural)
       cross join lateral (select dept, name from bench_town t order by (t.lat - r.lat) ^ 2 + ((t.lon - r.lon) * 0.69) ^ 2 limit 1) t`,
    );

    // Places: the first at home; further ones (~0.3 per person) in the same town 80 % of the time, else another town.
    await q(
      `create temp table bench_pl as
       select p.g, p.id as pid, k, p.rural,
         case when k = 1 or random() < 0.8 then p.town else width_bucket(random(), $1::float8[]) end as town,
         random() < $2::float8 as no_coordinates,
         sqrt(-2 * ln(1 - random())) as rr, 2 * pi() * random() as theta, random() as r1, random() as r2, random() as r3
       from bench_p p cross join lateral generate_series(1, p.nplaces) k`,
      [townBounds, NO_COORDINATES_SHARE],
    );
    await q(
      `create temp table bench_pl2 as
       select b.*, least(b.rr, 3.5) * b.spread as km from (
         select pl.g, pl.pid, pl.k, pl.no_coordinates, pl.rr, pl.theta, pl.r1, pl.r2, pl.r3,
           coalesce(h.lat, t.lat) as blat, coalesce(h.lon, t.lon) as blon,
           case when h.g is not null then case when pl.k = 1 then 0 else 5 end else t.spread end as spread,
           coalesce(h.dept, t.dept) as dept, coalesce(h.name, t.name) as city, case when h.g is null then t.postal end as postal,
           case when h.g is null then t.arr else 0 end as arr
         from bench_pl pl
         left join bench_home h on pl.rural and h.g = pl.g
         join bench_town t on t.i = pl.town
       ) b`,
    );
    await q(
      `insert into practice_places (practitioner_id, structure_key, name, street, postal_code, commune_code, city, phone, latitude, longitude, geocode_source, accessible, active)
       select pid, 'B' || g || '-' || k,
         case when r1 < 0.15 then 'Centre médical ' || city when r1 < 0.3 then 'Maison de santé ' || city end,
         (1 + floor(r2 * 120)::int) || ' ' || ($3::text[])[1 + floor(r3 * $4::int)::int],
         case when arr > 0 then dept || lpad((1 + floor(r3 * arr))::text, 3, '0')
              when postal is not null and km < spread * 1.2 then postal
              else dept || (1 + floor(r1 * 9))::int || floor(r2 * 10)::int || '0' end,
         null, city, '+33' || (1 + floor(r1 * 5))::int || lpad(floor(r2 * 100000000)::bigint::text, 8, '0'),
         case when not no_coordinates then lat end, case when not no_coordinates then lon end,
         case when not no_coordinates then 'ban' end,
         case width_bucket(r3, array[0, 0.5, 0.8]::float8[]) when 1 then null when 2 then true else false end,
         r1 > 0.01
       from (
         select b.*,
           -- On land: the jittered point, else its mirror across the centre, else the centre.
           case when on1 then lat1 when on2 then 2 * blat - lat1 else blat end as lat,
           case when on1 then lon1 when on2 then 2 * blon - lon1 else blon end as lon
         from (
           select b.*, ($1::polygon @> point(lon1, lat1) or $2::polygon @> point(lon1, lat1)) as on1,
             ($1::polygon @> point(2 * blon - lon1, 2 * blat - lat1) or $2::polygon @> point(2 * blon - lon1, 2 * blat - lat1)) as on2
           from (
             select b.*, blat + km * cos(theta) / 111.2 as lat1, blon + km * sin(theta) / (111.2 * cos(radians(blat))) as lon1 from bench_pl2 b
           ) b
         ) b
       ) x`,
      [polygon(MAINLAND), polygon(CORSICA), STREETS, STREETS.length],
    );

    for (const ix of indexes) await q(ix.indexdef);
    // As autovacuum would leave it: statistics and the visibility map of every table (and of anything triggers filled).
    await q('vacuum analyze');
  } finally {
    // The connection goes back to the pool the queries use: no temp tables, default settings.
    await q('discard all').catch(() => {});
    c.release();
  }
}

/** One shortlist query as an advisor would ask it. */
export function drawQuery(rand: () => number): MatchQuery {
  const pick = <T>(xs: T[], weights: number[]): T => {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = rand() * total;
    for (let i = 0; i < xs.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return xs[i] as T;
    }
    return xs[xs.length - 1] as T;
  };
  const town = pick(TOWNS, TOWNS.map(weightOf));
  const specialty = pick(
    SPECIALTIES.map((s) => s[0]),
    SPECIALTIES.map((s) => s[2]),
  );
  // The client's address: around the town's centre.
  const r = town[5] * Math.sqrt(-2 * Math.log(1 - rand())) * 0.7;
  const theta = 2 * Math.PI * rand();
  const latitude = town[2] + (r * Math.cos(theta)) / 111.2;
  const longitude = town[3] + (r * Math.sin(theta)) / (111.2 * Math.cos((town[2] * Math.PI) / 180));
  const sectors: NonNullable<MatchQuery['sectors']>[] = [['1'], ['1', 'optam'], ['1', 'optam', '2']];
  const maxFees = [3000, 5000, 6000, 8000, 10000];
  const preferred = rand();
  return {
    specialty,
    mode: rand() < 0.1 ? 'teleconsultation' : 'in_person',
    origin: { latitude, longitude },
    department: department(town[1]),
    maxKm: 30,
    language: rand() < 0.2 ? 'en' : undefined,
    sex: rand() < 0.1 ? (rand() < 0.6 ? 'F' : 'M') : undefined,
    sectors: rand() < 0.2 ? sectors[Math.floor(rand() * sectors.length)] : undefined,
    maxFee: rand() < 0.1 ? maxFees[Math.floor(rand() * maxFees.length)] : undefined,
    accessible: rand() < 0.05 ? true : undefined,
    preferredLanguage: preferred < 0.06 ? 'en' : preferred < 0.08 ? 'ar' : undefined,
    coversOverruns: rand() < 0.4,
    weights: DEFAULT_WEIGHTS,
    limit: 20,
  };
}

/** The worst case: general practice around central Paris (Châtelet), 30 km, no filter. */
export const PARIS_GP: MatchQuery = {
  specialty: 'general-practice',
  mode: 'in_person',
  origin: { latitude: 48.8589, longitude: 2.347 },
  department: '75',
  maxKm: 30,
  coversOverruns: false,
  weights: DEFAULT_WEIGHTS,
  limit: 20,
};

export async function benchMatching(print: Print): Promise<void> {
  const database = await freshDatabase('postgres');
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const keep = process.env.MATCHING_BENCH_KEEP_DB === '1';
  try {
    const start = performance.now();
    await generateDirectory(pool);
    print('matching.generate', (performance.now() - start) / 1000, 's');

    const rand = mulberry32(20261123);
    for (let i = 0; i < WARMUP; i++) await findMatches(database.db, drawQuery(rand));
    const lat: number[] = [];
    let empty = 0;
    for (let i = 0; i < QUERIES; i++) {
      const query = drawQuery(rand);
      const t = performance.now();
      const rows = await findMatches(database.db, query);
      lat.push(performance.now() - t);
      if (rows.length === 0) empty++;
    }
    print('matching p50', percentile(lat, 0.5), 'ms');
    print('matching p95', percentile(lat, 0.95), 'ms');
    print('matching p99', percentile(lat, 0.99), 'ms');
    print('matching.empty_results', (empty * 100) / QUERIES, '%');

    const paris: number[] = [];
    for (let i = 0; i < PARIS_GP_RUNS; i++) {
      const t = performance.now();
      await findMatches(database.db, PARIS_GP);
      paris.push(performance.now() - t);
    }
    print('matching.paris_gp p95', percentile(paris, 0.95), 'ms');
  } finally {
    if (keep) {
      console.error(`matching: database kept: ${(pool as unknown as { options: { connectionString: string } }).options.connectionString}`);
      await pool.end();
    } else await database.close();
  }
}
