/**
 * Recommendations from implicit feedback, evaluated as neural collaborative
 * filtering (He et al., WWW 2017) evaluates them: interactions read from
 * {@code user,item[,rating][,timestamp]} files
 * ({@link dev.dendrite.recommend.InteractionReader}), the leave-latest-out split
 * with sampled candidates ({@link dev.dendrite.recommend.LeaveOneOut}), GMF,
 * MLP, NeuMF and MF as ordinary graphs ({@link dev.dendrite.recommend.NcfModels};
 * NeuMF optionally reads each user's latest items, {@link dev.dendrite.recommend.Histories}),
 * training with sampled negatives ({@link dev.dendrite.recommend.NcfTrainer}),
 * HR, NDCG, MRR and coverage ({@link dev.dendrite.recommend.Ranking}), the
 * baselines ({@link dev.dendrite.recommend.Baselines}) and a servable
 * {@link dev.dendrite.recommend.Recommender} (top, similar, score).
 */
package dev.dendrite.recommend;
