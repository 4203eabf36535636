// Korean for what the server sends in English: the lectures' experiments (GET /presets) and the built-in data sets
// (GET /datasets), keyed by id. Kept here rather than in presets.json so the API's shape is unchanged; an id
// missing here shows its English text.

type Korean = { description: string; labels?: string[] };

export const presetsKo: Record<string, Korean> = {
  'l000-fit': {
    description: '기온에 따른 판매량, ŷ = w0 + w1·x, 오차제곱합(SSE), 초기값 W = [-5, 10], 학습률 α = 0.001. 노트의 손실은 8587.62 → 26.42, W → [2.4289, 4.0145]; 닫힌 해는 [2.4459, 4.0043]입니다.',
  },
  'l000-learning-rates': {
    description: '같은 학습을 α = 0.0001(느림), 0.0083(진동하며 천천히 발산: 2/λmax = 0.0082383), 0.0085(수렴하지 않음), 0.01(에폭 117에서 float32 손실이 ∞)로 돌립니다.',
  },
  'l001-mse': {
    description: '가중치 = 편향 = 0에서 시작, 학습률 α = 0.001, MSE. 노트의 numpy 코드는 MSE 기울기의 2를 빠뜨렸는데, 이는 α/2의 SGD와 같아서 그 표는 optim.SGD의 절반 에폭 표와 같습니다.',
    labels: ['optim.SGD, α = 0.001', '2를 뺀 numpy (α = 0.0005)'],
  },
  'l002-function': {
    description: 'L(u,v) = 3u² + 3v² − uv + 7u − 7v + 10을 (4, 4)에서 시작해 α = 0.05로 21번 내려갑니다. 등고선 위에 경로를 그립니다.',
  },
  'l002-heightweight': {
    description: '다섯 사람의 키와 몸무게를 평균으로 중심화하고, W = B = 1, α = 0.001, 500 에폭, MSE (13.3520 → 4.6796; W = 1.820683, B = 0.3675114). 직선은 원래 척도로 되돌려 그립니다. 비교용으로 모멘텀 0.9도 있습니다.',
    labels: ['SGD', 'SGD, 모멘텀 0.9'],
  },
  'l003-bce-mse': {
    description: '2000개의 점, y ~ Bernoulli(σ(−1 + 5x)). SGD(α = 0.05, 1000 에폭)로 Linear→Sigmoid를 학습합니다. 나쁜 초기값 (−10, −1)에서 MSE의 손실 곡면은 평평해서 갇히고, BCE의 곡면은 볼록해서 빠져나옵니다. 초기값은 재구성한 값입니다(노트에 없음).',
    labels: ['MSE, 좋은 초기값', 'MSE, 나쁜 초기값', 'BCE, 좋은 초기값', 'BCE, 나쁜 초기값'],
  },
  'l003-adam': {
    description: '같은 네 학습을 Adam(α = 0.05)으로: 모멘텀과 가중치마다 다른 보폭 덕분에 MSE도 평평한 구석을 빠져나옵니다.',
    labels: ['Adam, MSE, 좋은 초기값', 'Adam, MSE, 나쁜 초기값', 'Adam, BCE, 좋은 초기값', 'Adam, BCE, 나쁜 초기값', 'SGD, MSE, 나쁜 초기값'],
  },
  'l003-dnnex0': {
    description: '참 곡선이 꺾여 있어서 σ(w0 + w1x)로는 따라갈 수 없습니다. torch.manual_seed(43052)로 초기화한 Linear(1,2)→ReLU→Linear(2,1)→Sigmoid를 Adam으로 학습하면 따라갑니다.',
    labels: ['ReLU 신경망', '로지스틱 회귀'],
  },
  'l003-dnnex2': {
    description: 'Linear(1,32)→ReLU→Linear(32,1), MSE, Adam α = 0.05, torch.manual_seed(43052)에서 2000 에폭.',
    labels: ['ReLU 신경망'],
  },
  'l003-dnnex3': {
    description: '(x1, x2)를 분류합니다. Linear(2,32)→ReLU→Linear(32,1)→Sigmoid, BCE, Adam; 평면 위의 예측 확률이 곧 결정경계입니다.',
    labels: ['ReLU 신경망', '로지스틱 회귀'],
  },
  'l004-beta': {
    description: '가중치 하나, 100번: α = 0.01/6은 느리고(100번 뒤 β = −9.04), 0.1과 1은 수렴, 3.9는 지그재그, 4.05는 발산합니다(한계는 2/λmax = 4). 옆에 격자 탐색을 함께 둡니다.',
  },
  'l004-homework': {
    description: 'y = (x − 1)²를 x = −10에서 시작해 약 100번 만에 수렴하는 학습률(α = 0.05)로 경사하강법.',
  },
};

export const datasetsKo: Record<string, string> = {
  icecream: '강의 000: 기온에 따른 아이스 아메리카노 판매량, 노트에 적힌 그대로의 100개 점.',
  'icecream-full': '강의 000의 (기온, 판매량) 100개 점을 원래 정밀도로: 시작 SSE가 노트의 8587.6240 대신 8587.6875입니다.',
  linear30: '강의 001: x = 1 … 30과 그 y, MSE로 푸는 단순선형회귀.',
  heightweight: '강의 002: 다섯 사람의 키(cm)와 몸무게(kg).',
  logistic: '강의 003: [-1, 1]에 고르게 놓인 2000개의 x, y ~ Bernoulli(sigmoid(-1 + 5x)); torch.manual_seed(43052)로 한 번 뽑았습니다.',
  dnnex0: '강의 003: 참 확률 P(y=1|x)가 꺾이는 2000개 점. 로지스틱 회귀는 실패하고 작은 ReLU 신경망은 맞춥니다.',
  dnnex1: '강의 003: 2000개 점, 참 확률이 단조롭지 않은 이진 분류.',
  dnnex2: '강의 003: 2000개 점, 휘어진 참 평균에 잡음을 더한 회귀(MSE).',
  dnnex3: '강의 003: 특징이 두 개(x1, x2)인 2000개 점, 이진 분류.',
};
